import { generateSample } from './generate-sample.js';
import { getTime } from './get-time.js';
import { hashText } from './hash-text.js';
import { textStats } from './text-stats.js';

/** Every tool of the service, explicitly: no file-system discovery. */
export const tools = [getTime, hashText, textStats, generateSample];
