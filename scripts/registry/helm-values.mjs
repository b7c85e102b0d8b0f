#!/usr/bin/env node
/**
 * The registry's part of the Helm chart's values: the `services` map of
 * docker/helm/mcp-fleet/values.yaml, between its `# BEGIN registry` and
 * `# END registry` lines. The rest of the file (defaults, comments) is written by
 * hand and kept as it is.
 *
 * sync.mjs calls renderHelmValues(plan, root) when docker/helm exists; on its own:
 *   node scripts/registry/helm-values.mjs           # rewrite the block
 *   node scripts/registry/helm-values.mjs --check   # exit 1 when it is stale
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GeneratorError } from './names.mjs';

export const HELM_CHART_DIR = 'docker/helm/mcp-fleet';
export const HELM_VALUES_FILE = `${HELM_CHART_DIR}/values.yaml`;
const BEGIN = /^( *)# BEGIN registry\b.*$/m;
const END = /^ *# END registry\b.*$/m;

const q = (value) => JSON.stringify(String(value));

/** The `services` entries for the plan's runnable services, indented under `services:`. */
export function renderServiceEntries(plan, indent = '  ') {
  const lines = [];
  for (const s of plan.services) {
    lines.push(`${indent}${s.name}:`, `${indent}  package: ${q(s.package)}`, `${indent}  port: ${s.port}`);
    if (s.description) lines.push(`${indent}  description: ${q(s.description)}`);
  }
  return lines;
}

/** values.yaml with its registry block regenerated from the plan (sync.mjs's planServices). */
export function renderHelmValues(plan, root) {
  const file = join(root, HELM_VALUES_FILE);
  if (!existsSync(file)) throw new GeneratorError(`${HELM_VALUES_FILE} is missing: the chart's values hold the registry's services`);
  const current = readFileSync(file, 'utf8');
  const begin = BEGIN.exec(current);
  const end = END.exec(current);
  if (!begin || !end || end.index < begin.index)
    throw new GeneratorError(`${HELM_VALUES_FILE}: the "# BEGIN registry" / "# END registry" lines are missing or out of order`);
  const indent = begin[1];
  const header = `${indent}# BEGIN registry: generated from .mcp.json by \`pnpm registry:sync\`; override per service in your own values file`;
  const block = [header, ...renderServiceEntries(plan, indent), `${indent}# END registry`].join('\n');
  const endOfEnd = end.index + end[0].length;
  return current.slice(0, begin.index) + block + current.slice(endOfEnd);
}

async function main(argv) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const { planServices } = await import('./sync.mjs');
  const { readRegistry } = await import('./registry.mjs');
  const next = renderHelmValues(planServices(root, readRegistry(root)), root);
  const file = join(root, HELM_VALUES_FILE);
  const stale = readFileSync(file, 'utf8') !== next;
  if (argv.includes('--check')) {
    if (stale) {
      console.error(`helm-values: ${HELM_VALUES_FILE} is stale (run \`pnpm registry:sync\`)`);
      process.exit(1);
    }
    console.log(`helm-values: ${HELM_VALUES_FILE} is up to date`);
    return;
  }
  if (stale) writeFileSync(file, next);
  console.log(`helm-values: ${stale ? `wrote ${HELM_VALUES_FILE}` : 'nothing to change'}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`helm-values: ${error instanceof GeneratorError ? error.message : (error?.stack ?? error)}`);
    process.exit(1);
  });
}
