#!/usr/bin/env node
/**
 * Regenerates everything derived from the registry (.mcp.json), so a hand edit
 * of the registry can be re-applied with one command (`pnpm registry:sync`):
 *
 *   docker/docker-compose.yml          a service per registry entry that has a Dockerfile, the gateway,
 *                                      PostgreSQL, Redis, Prometheus and Grafana (compose.mjs, compose-infra.mjs)
 *   docker/gateway/mcp.json            the gateway's registry inside compose: http://<name>:<port>/mcp (gateway-registry.mjs)
 *   docker/prometheus/prometheus.yml   a scrape job per service: <name>:<port>/metrics
 *   docker/env/<name>.env              created when missing (service settings from .env.example and a random
 *                                      MCP_API_KEYS, random keys and passwords for the gateway and the
 *                                      infrastructure); never overwritten
 *   docker/env/gateway-backends.env    the gateway's copy of each service's key (<SERVICE>_MCP_KEY, backend-keys.mjs):
 *                                      created when missing, then only the lines of services it lacks are appended
 *   docker/helm/mcp-fleet/values.yaml  its `services` block (helm-values.mjs), only when docker/helm exists
 *
 * Files are written only when their content changes. `--check` writes nothing
 * and exits 1 when a derived file is stale (for CI or a pre-commit hook).
 * An env file state sync will not repair itself (a service file without
 * MCP_API_KEYS) is a warning on stderr, not a failure: the other files are fine.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { planBackendKeys } from './backend-keys.mjs';
import { COMPOSE_FILE, HEADER, renderCompose } from './compose.mjs';
import { ENV_DIR, envFiles } from './env-files.mjs';
import { GATEWAY_REGISTRY_FILE, renderGatewayRegistry } from './gateway-registry.mjs';
import { HELM_VALUES_FILE, renderHelmValues } from './helm-values.mjs';
import { GeneratorError } from './names.mjs';
import { entryPort, GATEWAY_PORT, readRegistry, REGISTRY_FILE, workspacePackages } from './registry.mjs';

export const PROMETHEUS_FILE = 'docker/prometheus/prometheus.yml';
export const HELM_DIR = 'docker/helm';
export { COMPOSE_FILE, ENV_DIR, GATEWAY_REGISTRY_FILE, HELM_VALUES_FILE };

const COMPOSE_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const q = (value) => JSON.stringify(String(value));
/** An image that declares this volume keeps state there (embedded SQLite): compose gives it a named volume. */
const DATA_VOLUME = /^VOLUME\s+\[?\s*"?\/app\/data"?/m;

/**
 * Which registry entries can run as containers, and why the others cannot.
 * A runnable entry has a workspace package with a Dockerfile and is not disabled.
 */
export function planServices(root, registry) {
  const packages = workspacePackages(root);
  const services = [];
  const skipped = [];
  const seenPorts = new Map();
  for (const [name, entry] of Object.entries(registry.mcpServers ?? {})) {
    const port = entryPort(entry);
    if (port !== undefined) {
      if (seenPorts.has(port)) throw new GeneratorError(`${REGISTRY_FILE}: "${name}" and "${seenPorts.get(port)}" both use port ${port}`);
      seenPorts.set(port, name);
    }
    if (!entry?.package) {
      skipped.push({ name, reason: 'no "package" field (an external server)' });
      continue;
    }
    if (!COMPOSE_NAME.test(name)) {
      skipped.push({ name, reason: 'its name is not kebab-case' });
      continue;
    }
    if (entry.enabled === false) {
      skipped.push({ name, reason: '"enabled": false' });
      continue;
    }
    const dir = packages.get(entry.package);
    if (!dir) {
      skipped.push({ name, reason: `package ${entry.package} is not in the workspace` });
      continue;
    }
    if (port === undefined) {
      skipped.push({ name, reason: 'no port' });
      continue;
    }
    if (!existsSync(join(root, dir, 'Dockerfile'))) {
      skipped.push({ name, reason: `${dir} has no Dockerfile` });
      continue;
    }
    const dataVolume = DATA_VOLUME.test(readFileSync(join(root, dir, 'Dockerfile'), 'utf8'));
    services.push({ name, port, dir, package: entry.package, description: entry.description ?? '', dataVolume });
  }
  const gatewayDir = existsSync(join(root, 'packages/gateway')) ? 'packages/gateway' : undefined;
  const gateway = gatewayDir && { name: 'gateway', port: GATEWAY_PORT, dir: gatewayDir, hasDockerfile: existsSync(join(root, gatewayDir, 'Dockerfile')) };
  const prometheus = existsSync(join(root, 'docker/prometheus'));
  const infra = {
    // The gateway's state: its store (DATABASE_URL) and what its replicas share (REDIS_URL).
    postgres: Boolean(gateway),
    redis: Boolean(gateway),
    prometheus,
    rules: existsSync(join(root, 'docker/prometheus/rules')),
    grafana: prometheus && existsSync(join(root, 'docker/grafana/provisioning')),
  };
  return { services, skipped, gateway: gateway || undefined, infra };
}

export function renderPrometheus(plan, root) {
  // The gateway placeholder is scraped once it can run (has its Dockerfile).
  const targets = [...(plan.gateway?.hasDockerfile ? [plan.gateway] : []), ...plan.services];
  const lines = [
    HEADER('Scrape targets are compose service names; every service serves Prometheus text at /metrics.'),
    'global:',
    '  scrape_interval: 15s',
    '  evaluation_interval: 15s',
    '',
  ];
  if (existsSync(join(root, 'docker/prometheus/rules'))) lines.push('rule_files:', '  - rules/*.yml', '');
  if (targets.length === 0) {
    lines.push('scrape_configs: []');
    return `${lines.join('\n')}\n`;
  }
  lines.push('scrape_configs:');
  for (const t of targets) {
    lines.push(`  - job_name: ${q(t.name)}`, '    metrics_path: /metrics', '    static_configs:', `      - targets: [${q(`${t.name}:${t.port}`)}]`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Computes every derived file; writes the changed ones unless `check`.
 * Returns what changed (relative paths) and what would be stale.
 */
export function syncRegistry(root, { check = false } = {}) {
  const registry = readRegistry(root);
  const plan = planServices(root, registry);
  const outputs = new Map([
    [COMPOSE_FILE, renderCompose(plan)],
    [PROMETHEUS_FILE, renderPrometheus(plan, root)],
  ]);
  if (plan.gateway) outputs.set(GATEWAY_REGISTRY_FILE, renderGatewayRegistry(plan, registry));
  if (existsSync(join(root, HELM_DIR))) outputs.set(HELM_VALUES_FILE, renderHelmValues(plan, root));
  // Env files are created once and then belong to the operator.
  const keys = planBackendKeys(root, plan, ENV_DIR);
  const created = envFiles(root, plan, keys.serviceKeys);
  if (keys.gatewayFile?.create) created.set(keys.gatewayFile.path, () => keys.gatewayFile.create);

  const changed = [];
  for (const [file, content] of outputs) {
    const path = join(root, file);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === content) continue;
    changed.push(file);
    if (!check) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
    }
  }
  for (const [file, content] of created) {
    const path = join(root, file);
    // Env files are git-ignored, so a fresh clone has none: not a stale state.
    if (existsSync(path) || (check && file.endsWith('.env'))) continue;
    changed.push(file);
    if (!check) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content(), { flag: 'wx', mode: file.endsWith('.env') ? 0o600 : 0o644 });
    }
  }
  // The only write to an existing env file: the gateway-side key of a service it lacks, appended (git-ignored, so not `--check`'s business).
  if (keys.gatewayFile?.append && !check) {
    const path = join(root, keys.gatewayFile.path);
    const current = readFileSync(path, 'utf8');
    appendFileSync(path, `${current === '' || current.endsWith('\n') ? '' : '\n'}${keys.gatewayFile.append}`);
    changed.push(`${keys.gatewayFile.path} (+${keys.gatewayFile.added.join(', ')})`);
  }
  return { changed, plan, warnings: keys.warnings };
}

function main(argv) {
  const check = argv.includes('--check');
  const rootFlag = argv.indexOf('--root');
  const root = rootFlag >= 0 ? resolve(argv[rootFlag + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  try {
    const { changed, plan, warnings } = syncRegistry(root, { check });
    for (const w of warnings) console.error(`registry:sync: warning: ${w}`);
    const summary = `${plan.services.length} service(s) in compose${plan.skipped.length ? `, ${plan.skipped.length} skipped (${plan.skipped.map((s) => s.name).join(', ')})` : ''}`;
    if (check) {
      if (changed.length > 0) {
        console.error(`registry:sync: stale derived files: ${changed.join(', ')} (run \`pnpm registry:sync\`)`);
        process.exit(1);
      }
      console.log(`registry:sync: derived files are up to date; ${summary}`);
      return;
    }
    console.log(`registry:sync: ${changed.length ? `wrote ${changed.join(', ')}` : 'nothing to change'}; ${summary}`);
  } catch (error) {
    console.error(`registry:sync: ${error instanceof GeneratorError ? error.message : (error?.stack ?? error)}`);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
