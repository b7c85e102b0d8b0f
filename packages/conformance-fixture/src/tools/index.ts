import type { AnyToolDefinition } from '@mcp/runtime';
import { audioContent } from './audio-content.js';
import { elicitation } from './elicitation.js';
import { elicitationDefaults } from './elicitation-defaults.js';
import { elicitationEnums } from './elicitation-enums.js';
import { embeddedResource } from './embedded-resource.js';
import { errorHandling } from './error-handling.js';
import { imageContent } from './image-content.js';
import { jsonSchema202012 } from './json-schema-2020-12.js';
import { multipleContentTypes } from './multiple-content-types.js';
import { reconnection } from './reconnection.js';
import { sampling } from './sampling.js';
import { simpleText } from './simple-text.js';
import { toolWithLogging } from './tool-with-logging.js';
import { toolWithProgress } from './tool-with-progress.js';

/** Every fixture tool the conformance suite calls, explicitly: no file-system discovery. */
export const tools: AnyToolDefinition[] = [
  simpleText,
  imageContent,
  audioContent,
  embeddedResource,
  multipleContentTypes,
  toolWithLogging,
  toolWithProgress,
  errorHandling,
  sampling,
  elicitation,
  elicitationDefaults,
  elicitationEnums,
  jsonSchema202012,
  reconnection,
];
