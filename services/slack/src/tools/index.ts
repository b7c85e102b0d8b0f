import { addReaction } from './add-reaction.js';
import { deleteMessage } from './delete-message.js';
import { getChannelHistory } from './get-channel-history.js';
import { getThread } from './get-thread.js';
import { healthCheck } from './health-check.js';
import { listChannels } from './list-channels.js';
import { listUsers } from './list-users.js';
import { lookupUser } from './lookup-user.js';
import { postMessage } from './post-message.js';
import { searchMessages } from './search-messages.js';
import { updateMessage } from './update-message.js';

/** Every tool of the service, explicitly: no file-system discovery. `pnpm gen tool slack <tool_name>` appends here. */
export const tools = [
  healthCheck,
  listChannels,
  getChannelHistory,
  getThread,
  searchMessages,
  lookupUser,
  listUsers,
  postMessage,
  updateMessage,
  addReaction,
  deleteMessage,
];
