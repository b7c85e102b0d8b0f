#!/usr/bin/env node
/**
 * What the ops scripts need to know about a runnable package, from the workspace and
 * the registry (.mcp.json):
 *
 *   node scripts/ops/package-info.mjs <@mcp/name | name>   name, package, dir, port, Dockerfile (tab-separated)
 *   node scripts/ops/package-info.mjs --all                  one line per registry entry with a package, then the gateway
 *   node scripts/ops/package-info.mjs --dockerfile <dir>     prints the Dockerfile the generator would stamp for a
 *                                                            package that has none (templates/server/Dockerfile.hbs)
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { entryPort, GATEWAY_PORT, readRegistry, workspacePackages } from '../registry/registry.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const PNPM_VERSION = '10.34.9';

/** Every runnable package: the registry's entries with a workspace package, then the gateway. */
export function runnablePackages(root = ROOT) {
  const packages = workspacePackages(root);
  const out = [];
  for (const [name, entry] of Object.entries(readRegistry(root).mcpServers)) {
    const dir = entry?.package && packages.get(entry.package);
    if (dir) out.push({ name, package: entry.package, dir, port: entryPort(entry) });
  }
  const gatewayDir = packages.get('@mcp/gateway');
  if (gatewayDir) out.push({ name: 'gateway', package: '@mcp/gateway', dir: gatewayDir, port: GATEWAY_PORT });
  return out.map((p) => ({ ...p, dockerfile: existsSync(join(root, p.dir, 'Dockerfile')) ? join(p.dir, 'Dockerfile') : '' }));
}

export function findPackage(query, root = ROOT) {
  const all = runnablePackages(root);
  const hit = all.find((p) => p.package === query || p.name === query || p.dir === query.replace(/\/$/, ''));
  if (!hit) throw new Error(`no runnable package "${query}" (known: ${all.map((p) => p.package).join(', ')})`);
  return hit;
}

/**
 * The generator's Dockerfile template rendered for a package. The template only uses
 * plain variables; anything else (a block helper, an unknown name) is an error, so a
 * template change that this renderer does not understand fails loudly.
 */
export function renderDockerfile(pkg, root = ROOT) {
  const template = readFileSync(join(root, 'templates/server/Dockerfile.hbs'), 'utf8');
  const kebab = basename(pkg.dir);
  const title = kebab
    .split('-')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
  const data = { kebab, title, port: String(pkg.port), pnpmVersion: PNPM_VERSION };
  return template
    .replace(/{{{?\s*([^}]*?)\s*}}}?/g, (_, name) => {
      if (!Object.hasOwn(data, name)) throw new Error(`templates/server/Dockerfile.hbs uses {{${name}}}, which scripts/ops/package-info.mjs cannot render`);
      return data[name];
    })
    .replaceAll(`services/${kebab}/`, `${pkg.dir}/`);
}

function main(argv) {
  const line = (p) => [p.name, p.package, p.dir, p.port ?? '', p.dockerfile].join('\t');
  if (argv[0] === '--all') for (const p of runnablePackages()) console.log(line(p));
  else if (argv[0] === '--dockerfile') process.stdout.write(renderDockerfile(findPackage(argv[1])));
  else if (argv[0]) console.log(line(findPackage(argv[0])));
  else {
    console.error('usage: package-info.mjs <package> | --all | --dockerfile <package>');
    process.exit(2);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`package-info: ${error.message}`);
    process.exit(1);
  }
}
