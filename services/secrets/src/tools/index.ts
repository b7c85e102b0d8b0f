import { deleteSecret } from './delete-secret.js';
import { generatePassword } from './generate-password.js';
import { getSecret } from './get-secret.js';
import { getSecretMetadata } from './get-secret-metadata.js';
import { healthCheck } from './health-check.js';
import { listSecrets } from './list-secrets.js';
import { searchKdbx } from './search-kdbx.js';
import { setSecret } from './set-secret.js';

/** Every tool of the service, explicitly: no file-system discovery. */
export const tools = [healthCheck, listSecrets, getSecretMetadata, searchKdbx, getSecret, setSecret, deleteSecret, generatePassword];
