/**
 * The key the gateway sends each compose service. Every service container
 * listens on 0.0.0.0 and therefore requires one of its MCP_API_KEYS (the
 * runtime refuses a public bind without keys); the gateway holds the same key
 * as <SERVICE>_MCP_KEY in docker/env/gateway-backends.env, and its compose
 * registry (docker/gateway/mcp.json) sends `authorization: Bearer
 * ${<SERVICE>_MCP_KEY}`, expanded from the gateway's environment. So no key is
 * in a committed file, and a leaked key opens one service, not the fleet.
 *
 * Both env files belong to the operator once they exist: sync never rewrites
 * them. It only fills what is missing: a new service env file gets a fresh key,
 * and a gateway-side variable that is absent is appended with the key the
 * service's file already holds (the first of its MCP_API_KEYS). A service file
 * without MCP_API_KEYS is reported, not edited: that service would refuse to
 * start, and the gateway would reject a registry naming an unset variable.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The gateway-only env file (relative to docker/), listed in the gateway's env_file. */
export const GATEWAY_BACKENDS_ENV = 'env/gateway-backends.env';

/** Hex, so a secret needs no escaping in a URL, an env file, a header or a shell. */
export const secret = () => randomBytes(24).toString('hex');

/** `ai-memory` → `AI_MEMORY_MCP_KEY`: the gateway's variable holding that service's key. */
export const backendKeyVariable = (name) => `${name.toUpperCase().replaceAll('-', '_')}_MCP_KEY`;

/** The header value docker/gateway/mcp.json gives a compose service (expanded by the gateway at load). */
export const backendAuthorization = (name) => `Bearer \${${backendKeyVariable(name)}}`;

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;

/**
 * The variables an env file assigns, read the way compose reads env_file:
 * `KEY=value`, optionally quoted; for an unquoted value ` #` starts a comment;
 * the last assignment of a name wins.
 */
export function parseEnvText(text) {
  const values = new Map();
  for (const line of text.split(/\r?\n/)) {
    const m = ASSIGNMENT.exec(line);
    if (!m) continue;
    let value = m[2].trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length > 1 && value.endsWith(quote)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    values.set(m[1], value);
  }
  return values;
}

/** MCP_API_KEYS is comma-separated; the runtime accepts any of them. */
const splitKeys = (value) =>
  (value ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);

/**
 * What sync does about the keys, given the env files that exist now:
 * - `serviceKeys`: name → key to write into a service env file sync is about to create;
 * - `gatewayFile`: the gateway-side file, with `create` (its whole content) when it is missing
 *   or `append` (the missing lines) when it exists, and `added` (the variables written);
 * - `warnings`: one line per state sync will not repair on its own, naming the file and the fix.
 * `envDir` is relative to `root` (docker/env); the plan is sync.mjs's planServices.
 */
export function planBackendKeys(root, plan, envDir) {
  const serviceKeys = new Map();
  const gatewaySide = new Map();
  const warnings = [];
  const gatewayRel = `docker/${GATEWAY_BACKENDS_ENV}`;
  const gatewayPath = join(root, gatewayRel);
  const existing = existsSync(gatewayPath) ? parseEnvText(readFileSync(gatewayPath, 'utf8')) : undefined;

  for (const svc of plan.services) {
    const rel = `${envDir}/${svc.name}.env`;
    const path = join(root, rel);
    const variable = backendKeyVariable(svc.name);
    if (!existsSync(path)) {
      // Recreating a service's file (the operator deleted it): keep the key the gateway already holds.
      const key = existing?.get(variable) || secret();
      serviceKeys.set(svc.name, key);
      gatewaySide.set(variable, key);
      continue;
    }
    const keys = splitKeys(parseEnvText(readFileSync(path, 'utf8')).get('MCP_API_KEYS'));
    if (keys.length === 0) {
      warnings.push(
        `${rel} has no MCP_API_KEYS, so ${svc.name} will refuse to listen in compose and the gateway will reject docker/gateway/mcp.json: ` +
          `add MCP_API_KEYS=<a new key, e.g. \`openssl rand -hex 24\`> to ${rel} and ${variable}=<the same key> to ${gatewayRel} (or delete ${rel} and re-run \`pnpm registry:sync\`)`,
      );
      continue;
    }
    gatewaySide.set(variable, keys[0]);
    const held = existing?.get(variable);
    if (held !== undefined && !keys.includes(held)) {
      warnings.push(
        `${gatewayRel}: ${variable} is not one of the MCP_API_KEYS in ${rel}, so ${svc.name} will refuse the gateway's calls: ` +
          `make them match (sync never overwrites either file)`,
      );
    }
  }

  const missing = [...gatewaySide].filter(([variable]) => existing?.get(variable) === undefined);
  const lines = missing.map(([variable, key]) => `${variable}=${key}`);
  const gatewayFile = { path: gatewayRel, added: missing.map(([variable]) => variable) };
  if (!plan.gateway) return { serviceKeys, gatewayFile: undefined, warnings };
  if (!existing) gatewayFile.create = `${[...GATEWAY_BACKENDS_HEADER, ...lines].join('\n')}\n`;
  else if (lines.length > 0) gatewayFile.append = `${lines.join('\n')}\n`;
  return { serviceKeys, gatewayFile, warnings };
}

const GATEWAY_BACKENDS_HEADER = [
  '# docker compose env file for the gateway only: the key it sends each service. Created by `pnpm registry:sync`. Git-ignored.',
  '# <SERVICE>_MCP_KEY must be one of the MCP_API_KEYS in docker/env/<service>.env; docker/gateway/mcp.json names it in the',
  "# service's authorization header (Bearer). Sync appends the line of a new service and never changes existing ones.",
  "# To rotate a key: add the new one to the service's MCP_API_KEYS (comma-separated), set it here, restart both, drop the old one.",
];

/** The block a new service env file ends with: its key, which the gateway holds too. */
export function serviceKeyBlock(name, key) {
  return [
    '',
    '# Created by `pnpm registry:sync`: in compose the service listens on 0.0.0.0 and requires this key. The gateway',
    `# sends it as ${backendKeyVariable(name)} (docker/env/gateway-backends.env); keep the two equal when you change it.`,
    `MCP_API_KEYS=${key}`,
    '',
  ].join('\n');
}
