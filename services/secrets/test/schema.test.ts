import { toolContractSnapshots } from '@mcp/testing';
import { createSecretsService } from '../src/server.js';
import { tools } from '../src/tools/index.js';

/** Each tool's name, schemas and annotations as tools/list shows them; record an intended change with `pnpm --filter @mcp/secrets test -- -u`. */
toolContractSnapshots({
  service: createSecretsService({
    LOG_LEVEL: 'silent',
    SECRETS_KDBX_PATH: '/nonexistent.kdbx',
    SECRETS_VAULT_ADDR: 'http://127.0.0.1:1',
    SECRETS_AZURE_VAULT_URL: 'http://127.0.0.1:1',
  }),
  tools,
});
