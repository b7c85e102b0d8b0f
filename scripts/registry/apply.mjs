import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GeneratorError } from './names.mjs';
import { REGISTRY_FILE } from './registry.mjs';
import { COMPOSE_FILE, ENV_DIR, GATEWAY_REGISTRY_FILE, HELM_VALUES_FILE, PROMETHEUS_FILE, syncRegistry } from './sync.mjs';

/**
 * Formats what was written with the repository's formatter (biome.json), so a
 * stamped service passes `pnpm lint` whatever lengths the names have. Best
 * effort: without biome installed the templates' own layout stays.
 */
function formatFiles(root, paths) {
  const biome = join(root, 'node_modules/.bin/biome');
  const files = paths.filter((p) => /\.(ts|json|md)$/.test(p));
  if (files.length === 0 || !existsSync(biome)) return;
  spawnSync(biome, ['format', '--write', ...files], { cwd: root, stdio: 'ignore', timeout: 20_000 });
}

/**
 * Writes what a generator planned (new files, changed files, for a service the
 * registry entry and everything derived from it); on any failure puts every
 * touched path back as it was. Returns the summary line plop prints.
 */
export function applyPlan(root, plan) {
  const touched = new Map();
  const remember = (rel) => {
    if (touched.has(rel)) return;
    const abs = join(root, rel);
    touched.set(rel, existsSync(abs) ? readFileSync(abs) : undefined);
  };
  const createdDirs = [];
  try {
    for (const f of plan.files) if (existsSync(join(root, f.path))) throw new GeneratorError(`refusing to overwrite ${f.path}`);
    for (const f of plan.files) {
      const abs = join(root, f.path);
      let d = dirname(abs);
      while (!existsSync(d)) {
        createdDirs.push(d);
        d = dirname(d);
      }
      mkdirSync(dirname(abs), { recursive: true });
      remember(f.path);
      writeFileSync(abs, f.content, { flag: 'wx' });
    }
    for (const c of plan.changes ?? []) {
      remember(c.path);
      writeFileSync(join(root, c.path), c.content);
    }
    formatFiles(
      root,
      [...plan.files, ...(plan.changes ?? [])].map((f) => f.path),
    );
    if (plan.kind !== 'server') return `${plan.files.length} files, ${plan.changes.length} updated`;
    const derived = [
      REGISTRY_FILE,
      COMPOSE_FILE,
      PROMETHEUS_FILE,
      GATEWAY_REGISTRY_FILE,
      HELM_VALUES_FILE,
      `${ENV_DIR}/.gitignore`,
      // Every env file sync may create (a first sync also creates the gateway's and the infrastructure's) or append to (gateway-backends).
      ...['gateway', 'gateway-backends', 'postgres', 'redis', 'grafana', plan.names.kebab].map((name) => `${ENV_DIR}/${name}.env`),
    ];
    for (const rel of derived) remember(rel);
    writeFileSync(join(root, REGISTRY_FILE), plan.registry);
    const { changed, warnings } = syncRegistry(root);
    const warned = warnings.map((w) => `\nwarning: ${w}`).join('');
    return `${plan.names.dir} (${plan.files.length} files); ${REGISTRY_FILE}: ${plan.names.kebab} on port ${plan.port}; synced ${changed.join(', ')}${warned}`;
  } catch (error) {
    for (const [rel, before] of touched) {
      const abs = join(root, rel);
      if (before === undefined) rmSync(abs, { force: true });
      else writeFileSync(abs, before);
    }
    for (const d of createdDirs) rmSync(d, { recursive: true, force: true });
    throw error instanceof GeneratorError ? error.message : error;
  }
}
