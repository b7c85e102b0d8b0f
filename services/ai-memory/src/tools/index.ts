import { conversationAppend } from './conversation-append.js';
import { conversationDelete } from './conversation-delete.js';
import { conversationGet } from './conversation-get.js';
import { conversationList } from './conversation-list.js';
import { conversationSearch } from './conversation-search.js';
import { healthCheck } from './health-check.js';
import { memoryDelete } from './memory-delete.js';
import { memoryGet } from './memory-get.js';
import { memoryList } from './memory-list.js';
import { memoryPurge } from './memory-purge.js';
import { memoryRestore } from './memory-restore.js';
import { memorySearch } from './memory-search.js';
import { memoryStore } from './memory-store.js';
import { memoryUpdate } from './memory-update.js';

/** Every tool of the service, explicitly: no file-system discovery. */
export const tools = [
  memoryStore,
  memorySearch,
  memoryGet,
  memoryList,
  memoryUpdate,
  memoryDelete,
  memoryRestore,
  memoryPurge,
  conversationAppend,
  conversationGet,
  conversationList,
  conversationSearch,
  conversationDelete,
  healthCheck,
];
