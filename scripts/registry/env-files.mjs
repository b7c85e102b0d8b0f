/**
 * docker/env/*.env: the compose containers' settings and secrets. Git-ignored,
 * created once by sync and from then on the operator's (never overwritten), so
 * re-running sync changes nothing. A secret a file needs is generated at random
 * when the file is created: compose is secure without a manual step, and the
 * operator reads or replaces the values there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { secret, serviceKeyBlock } from './backend-keys.mjs';
import { INFRA_ENV, POSTGRES } from './compose-infra.mjs';

export const ENV_DIR = 'docker/env';
export const ENV_GITIGNORE = '# Per-service env files hold secrets: never commit them.\n*.env\n!.gitignore\n';

function serviceEnv(root, svc, key) {
  const example = join(root, svc.dir, '.env.example');
  const body = existsSync(example) ? readFileSync(example, 'utf8') : '';
  const head = `# docker compose env file for ${svc.name}, created from ${svc.dir}/.env.example. Git-ignored: secrets go here.\n${body}`;
  // The gateway has no key of its own to add: its MCP_API_KEYS are for the gateway's callers.
  return key === undefined ? head : `${head.trimEnd()}\n${serviceKeyBlock(svc.name, key)}`;
}

function gatewayEnv(root, gateway) {
  return [
    serviceEnv(root, gateway).trimEnd(),
    '',
    '# Created by `pnpm registry:sync` with random keys. The gateway listens on 0.0.0.0 in its container and',
    '# is the fleet\'s entry point: callers send one of MCP_API_KEYS ("Authorization: Bearer <key>" or X-API-Key).',
    '# Comma-separate several keys; restart the gateway after a change (docker compose up -d gateway).',
    `MCP_API_KEYS=${secret()}`,
    '# Keys of the admin API (/api/v1/…, X-API-Key). Without one it answers on a loopback bind only.',
    `GATEWAY_ADMIN_API_KEYS=${secret()}`,
    '',
  ].join('\n');
}

function postgresEnv() {
  const password = secret();
  return [
    '# docker compose env file for postgres and its client, the gateway. Created by `pnpm registry:sync`. Git-ignored.',
    '# The password is set when the postgres-data volume is first initialised: changing it here later also',
    '# needs ALTER ROLE in the database (docs/runbook.md, "Compose").',
    `POSTGRES_PASSWORD=${password}`,
    `# The gateway's driver (node-postgres) reads PGPASSWORD; its DATABASE_URL (postgres://${POSTGRES.user}@postgres/…) holds none.`,
    `PGPASSWORD=${password}`,
    '',
  ].join('\n');
}

function redisEnv() {
  const password = secret();
  return [
    '# docker compose env file for redis and its client, the gateway. Created by `pnpm registry:sync`. Git-ignored.',
    '# redis-server requires this password (compose passes it as --requirepass); redis-cli sends it.',
    `REDISCLI_AUTH=${password}`,
    "# The gateway's Redis (rate limits, large-result blocks, change notifications between replicas).",
    `REDIS_URL=redis://:${password}@redis:6379/0`,
    '',
  ].join('\n');
}

function grafanaEnv() {
  return [
    '# docker compose env file for grafana. Created by `pnpm registry:sync`. Git-ignored.',
    '# Log in at http://127.0.0.1:3000 as admin with this password. It is stored in the grafana-data volume on',
    '# first start; change it later in Grafana (or grafana cli admin reset-admin-password).',
    `GF_SECURITY_ADMIN_PASSWORD=${secret()}`,
    '',
  ].join('\n');
}

/**
 * Every env file the plan's compose file reads: path → content for a new file. Content is only used when the
 * file is missing. `serviceKeys` (backend-keys.mjs) holds the MCP_API_KEYS of each service file to create.
 */
export function envFiles(root, plan, serviceKeys = new Map()) {
  const files = new Map([[`${ENV_DIR}/.gitignore`, () => ENV_GITIGNORE]]);
  for (const svc of plan.services) files.set(`${ENV_DIR}/${svc.name}.env`, () => serviceEnv(root, svc, serviceKeys.get(svc.name)));
  if (plan.gateway) files.set(`${ENV_DIR}/gateway.env`, () => gatewayEnv(root, plan.gateway));
  const dockerPath = (file) => `docker/${file}`;
  if (plan.infra.postgres) files.set(dockerPath(INFRA_ENV.postgres), postgresEnv);
  if (plan.infra.redis) files.set(dockerPath(INFRA_ENV.redis), redisEnv);
  if (plan.infra.grafana) files.set(dockerPath(INFRA_ENV.grafana), grafanaEnv);
  return files;
}
