/**
 * `pnpm gen server <name> [--description "…"] [--base-url URL] [--auth bearer|api-key|basic|none]`
 * `pnpm gen tool <service> <tool_name>`
 *
 * Non-interactive when the positional arguments are given (or stdin is not a
 * terminal); prompts only in a terminal when they are missing. Every refusal is
 * one line on stderr with exit code 1, decided before any file is touched; a
 * failure while writing rolls back what was written. Files are never overwritten.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyPlan } from './scripts/registry/apply.mjs';
import { GeneratorError, serviceNames, toolNames } from './scripts/registry/names.mjs';
import { formatRegistry, nextFreePort, readRegistry, REGISTRY_FILE, workspacePackages } from './scripts/registry/registry.mjs';

const ROOT = dirname(fileURLToPath(import.meta.url));
const PNPM_VERSION = '10.34.9';
const AUTH_STYLES = ['bearer', 'api-key', 'basic', 'none'];
const USAGE = {
  server: 'usage: pnpm gen server <name> [--description "…"] [--base-url URL] [--auth bearer|api-key|basic|none] [--health-path /path] [--api-key-header NAME]',
  tool: 'usage: pnpm gen tool <service> <tool_name>',
};
/** Verbs whose tools change things: the read-only skeleton needs more than narrowing. */
const WRITE_VERBS = /^(create|add|post|send|update|set|edit|patch|put|delete|remove|purge|cancel|archive|run|trigger|start|stop|restart|deploy)(_|$)/;
const FLAGS = { server: ['description', 'base-url', 'auth', 'health-path', 'api-key-header'], tool: [] };

/** The arguments after the generator's name: positionals and `--flag value` / `--flag=value`. */
function parseCli(generator) {
  const argv = process.argv.slice(2);
  const rest = argv.slice(argv.indexOf(generator) + 1).filter((a) => a !== '--');
  const positionals = [];
  const flags = {};
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    if (arg === '-h' || arg === '--help') flags.help = true;
    else if (arg.startsWith('--')) {
      const [key, inline] = arg.slice(2).split(/=(.*)/s);
      if (!FLAGS[generator].includes(key)) throw new GeneratorError(`unknown option --${key} (${USAGE[generator]})`);
      const value = inline ?? rest[i + 1];
      if (inline === undefined) i += 1;
      if (value === undefined || value.startsWith('--')) throw new GeneratorError(`option --${key} needs a value`);
      flags[key] = value;
    } else positionals.push(arg);
  }
  return { positionals, flags };
}

const interactive = () => Boolean(process.stdin.isTTY && process.stdout.isTTY);
const tsString = (s) => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");

function refuse(generator, error) {
  if (!(error instanceof GeneratorError)) throw error;
  process.stderr.write(`gen ${generator}: ${error.message}\n`);
  process.exit(1);
}

/** Every file under a template folder, as [template path, output path relative to the target]. */
function templateFiles(folder) {
  const base = join(ROOT, 'templates', folder);
  return readdirSync(base, { recursive: true })
    .filter((f) => f.endsWith('.hbs') && statSync(join(base, f)).isFile())
    .map((f) => [join(base, f), f.slice(0, -'.hbs'.length)]);
}

function singleLine(value, what, max) {
  const text = String(value).replace(/\s+/g, ' ').trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new GeneratorError(`${what} must be plain text`);
  if (text.length > max) throw new GeneratorError(`${what} is longer than ${max} characters`);
  return text;
}

/** The service's names, refusing a name that is invalid, reserved or taken. */
function checkServerName(name, registry = readRegistry(ROOT)) {
  const names = serviceNames(name);
  const looseKey = (k) => k.toLowerCase().replace(/[\s_]+/g, '-');
  const clash = Object.entries(registry.mcpServers).find(([key, e]) => looseKey(key) === names.kebab || e?.package === names.packageName);
  if (existsSync(join(ROOT, names.dir))) throw new GeneratorError(`refusing "${names.raw}": ${names.dir} already exists`);
  if (clash) throw new GeneratorError(`refusing "${names.raw}": ${REGISTRY_FILE} already has "${clash[0]}"`);
  const taken = workspacePackages(ROOT).get(names.packageName);
  if (taken || existsSync(join(ROOT, 'packages', names.kebab)))
    throw new GeneratorError(`refusing "${names.raw}": ${taken ?? `packages/${names.kebab}`} already exists`);
  return names;
}

/** Everything `gen server` will write, decided and checked before anything is written. */
function planServer(plop, input) {
  const registry = readRegistry(ROOT);
  const names = checkServerName(input.name, registry);

  const auth = input.auth ?? 'bearer';
  if (!AUTH_STYLES.includes(auth)) throw new GeneratorError(`invalid --auth "${auth}": use one of ${AUTH_STYLES.join(', ')}`);
  let baseUrl = input.baseUrl?.trim() ?? '';
  if (baseUrl) {
    let url;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new GeneratorError(`invalid --base-url "${baseUrl}": not a URL`);
    }
    if (!/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) {
      throw new GeneratorError(`invalid --base-url "${baseUrl}": use http(s)://host[/prefix], without credentials, query or fragment`);
    }
    baseUrl = url.href.replace(/\/+$/, '');
  }
  const healthPath = input.healthPath ?? '/';
  if (!/^\/[A-Za-z0-9\-._~/%:@!$&()*+,;=]*$/.test(healthPath)) throw new GeneratorError(`invalid --health-path "${healthPath}": a path starting with "/"`);
  const apiKeyHeader = input.apiKeyHeader ?? 'X-API-Key';
  if (!/^[A-Za-z0-9-]{1,64}$/.test(apiKeyHeader)) throw new GeneratorError(`invalid --api-key-header "${apiKeyHeader}"`);
  const description = singleLine(input.description || `MCP tools for ${names.title}.`, 'the description', 300);

  const p = names.envPrefix;
  const authVars = { bearer: [`${p}TOKEN`], 'api-key': [`${p}API_KEY`], basic: [`${p}USERNAME`, `${p}PASSWORD`], none: [] }[auth];
  const missingVars = [...(baseUrl ? [] : [`${p}BASE_URL`]), ...authVars];
  const port = nextFreePort(registry);
  const data = {
    ...names,
    titleTs: tsString(names.title),
    description,
    descriptionJson: JSON.stringify(description),
    descriptionTs: tsString(description),
    port,
    baseUrl,
    hasBaseUrl: Boolean(baseUrl),
    healthPath,
    healthPathTs: tsString(healthPath),
    auth,
    authNone: auth === 'none',
    authBearer: auth === 'bearer',
    authApiKey: auth === 'api-key',
    authBasic: auth === 'basic',
    apiKeyHeader,
    apiKeyHeaderLower: apiKeyHeader.toLowerCase(),
    authVarsText: authVars.join(' and '),
    firstAuthVar: authVars[0] ?? '',
    hasMissing: missingVars.length > 0,
    firstMissingVar: missingVars[0] ?? '',
    pnpmVersion: PNPM_VERSION,
  };
  const render = (file) => plop.handlebars.compile(readFileSync(file, 'utf8'), { noEscape: true, strict: true })(data);
  const files = templateFiles('server').map(([tpl, out]) => ({ path: `${names.dir}/${out}`, content: render(tpl) }));
  registry.mcpServers[names.kebab] = { type: 'http', url: `http://127.0.0.1:${port}/mcp`, package: names.packageName, port, description };
  return {
    kind: 'server',
    names,
    port,
    auth,
    files,
    registry: formatRegistry(registry),
    next: `next: pnpm install && pnpm build && pnpm --filter ${names.packageName} test  (port ${port}; set ${missingVars.join(', ') || 'nothing'} to configure it)`,
  };
}

/** Everything `gen tool` will write or change. */
function planTool(plop, input) {
  const service = serviceNames(input.service, { allowReserved: true });
  const dir = service.dir;
  const indexFile = `${dir}/src/tools/index.ts`;
  if (!existsSync(join(ROOT, indexFile))) throw new GeneratorError(`no service "${service.raw}": ${indexFile} does not exist`);
  const tool = toolNames(input.tool);
  const read = (f) => readFileSync(join(ROOT, f), 'utf8');
  const clientSource = existsSync(join(ROOT, dir, 'src/client.ts')) ? read(`${dir}/src/client.ts`) : '';
  if (!/\bgetJson\s*\(/.test(clientSource))
    throw new GeneratorError(`${dir}/src/client.ts has no getJson(): the tool skeleton calls it; write this tool by hand`);
  if (!existsSync(join(ROOT, dir, 'test/harness.ts'))) throw new GeneratorError(`${dir}/test/harness.ts is missing: the tool's test uses it`);
  const clientType = /export (?:type|interface|class) (\w+Client)\b/.exec(clientSource)?.[1] ?? `${service.pascal}Client`;
  const toolFile = `${dir}/src/tools/${tool.kebab}.ts`;
  const testFile = `${dir}/test/tools/${tool.kebab}.test.ts`;
  for (const f of [toolFile, testFile]) if (existsSync(join(ROOT, f))) throw new GeneratorError(`refusing "${tool.snake}": ${f} already exists`);
  const toolsDir = join(ROOT, dir, 'src/tools');
  for (const f of readdirSync(toolsDir).filter((n) => n.endsWith('.ts'))) {
    if (new RegExp(`name:\\s*['"\`]${tool.snake}['"\`]`).test(readFileSync(join(toolsDir, f), 'utf8'))) {
      throw new GeneratorError(`refusing "${tool.snake}": ${dir}/src/tools/${f} already defines it`);
    }
  }
  const index = read(indexFile);
  const list = /export const tools(\s*:[^=]+)?\s*=\s*\[([\s\S]*?)\]/.exec(index);
  if (!list) throw new GeneratorError(`${indexFile} has no "export const tools = [...]" to append to`);
  if (new RegExp(`\\b${tool.identifier}\\b`).test(index)) throw new GeneratorError(`refusing "${tool.snake}": ${indexFile} already uses ${tool.identifier}`);

  const items = list[2]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  items.push(tool.identifier);
  const oneLine = `[${items.join(', ')}]`;
  const array = oneLine.length + 30 <= 160 ? oneLine : `[\n${items.map((i) => `  ${i},`).join('\n')}\n]`;
  const imports = [...index.matchAll(/^import .*;$/gm)];
  const importLine = `import { ${tool.identifier} } from './${tool.kebab}.js';\n`;
  const at = imports.length ? imports.at(-1).index + imports.at(-1)[0].length + 1 : 0;
  let nextIndex = `${index.slice(0, at)}${importLine}${index.slice(at)}`;
  nextIndex = nextIndex.replace(list[0], `export const tools${list[1] ?? ''} = ${array}`);

  const data = {
    toolName: tool.snake,
    identifier: tool.identifier,
    toolTitle: tool.title,
    toolTitleTs: tsString(tool.title),
    serviceTitle: service.title,
    serviceTitleTs: tsString(service.title),
    clientType,
  };
  const render = (name) => plop.handlebars.compile(readFileSync(join(ROOT, 'templates/tool', name), 'utf8'), { noEscape: true, strict: true })(data);
  const changes = [{ path: indexFile, content: nextIndex, replace: true }];
  const readme = existsSync(join(ROOT, dir, 'README.md')) ? read(`${dir}/README.md`) : '';
  if (readme.includes('<!-- tools:end -->')) {
    const row = `| \`${tool.snake}\` | read-only | GET a path of ${service.title} and return its JSON (skeleton: narrow it to its endpoint). |\n`;
    changes.push({ path: `${dir}/README.md`, content: readme.replace('<!-- tools:end -->', `${row}<!-- tools:end -->`), replace: true });
  }
  return {
    kind: 'tool',
    files: [
      { path: toolFile, content: render('tool.ts.hbs') },
      { path: testFile, content: render('tool.test.ts.hbs') },
    ],
    changes,
    next: `next: pnpm --filter ${service.packageName} build && pnpm --filter ${service.packageName} test -- -u  (records the new tool's schema snapshot: commit it)${
      WRITE_VERBS.test(tool.snake) ? `; "${tool.snake}" sounds like a write: the skeleton is a read-only GET, change its call and annotations` : ''
    }`,
  };
}

export default function (plop) {
  // Without a generator name plop would ask which one to run: not without a terminal.
  const args = process.argv.slice(2);
  if (!interactive() && !args.some((a) => !a.startsWith('-')) && !args.some((a) => /^(-h|--help|-v|--version|-i|--init)$/.test(a))) {
    process.stderr.write(`gen: name a generator (${USAGE.server} | ${USAGE.tool})\n`);
    process.exit(1);
  }
  plop.setActionType('fleet-apply', (answers) => applyPlan(ROOT, answers.plan));

  plop.setGenerator('server', {
    description: 'a new MCP service in services/<name>, registered in .mcp.json with the next free port',
    prompts: async (inquirer) => {
      try {
        const { positionals, flags } = parseCli('server');
        if (flags.help) {
          process.stdout.write(`${USAGE.server}\n`);
          process.exit(0);
        }
        if (positionals.length > 1) throw new GeneratorError(`expected one name, got ${positionals.length} (quote a name with spaces: "AI Memory")`);
        const input = { name: positionals[0], description: flags.description, baseUrl: flags['base-url'], auth: flags.auth };
        Object.assign(input, { healthPath: flags['health-path'], apiKeyHeader: flags['api-key-header'] });
        if (!input.name) {
          if (!interactive()) throw new GeneratorError(`a service name is required (${USAGE.server})`);
          const validName = (v) => {
            try {
              return Boolean(checkServerName(v));
            } catch (e) {
              return e.message;
            }
          };
          Object.assign(
            input,
            await inquirer.prompt([
              { type: 'input', name: 'name', message: 'Service name (e.g. ai_memory or "AI Memory")', validate: validName },
              { type: 'input', name: 'description', message: 'One-line description', when: !input.description },
              { type: 'input', name: 'baseUrl', message: 'Upstream base URL (empty: set <PREFIX>_BASE_URL later)', when: input.baseUrl === undefined },
              { type: 'list', name: 'auth', message: 'Upstream auth', choices: AUTH_STYLES, when: !input.auth },
            ]),
          );
        }
        return { plan: planServer(plop, input) };
      } catch (error) {
        return refuse('server', error);
      }
    },
    actions: (answers) => [{ type: 'fleet-apply' }, answers.plan.next],
  });

  plop.setGenerator('tool', {
    description: 'a new read-only tool (file, test, registration) in an existing service',
    prompts: async (inquirer) => {
      try {
        const { positionals, flags } = parseCli('tool');
        if (flags.help) {
          process.stdout.write(`${USAGE.tool}\n`);
          process.exit(0);
        }
        if (positionals.length > 2) throw new GeneratorError(`expected <service> <tool_name>, got ${positionals.length} arguments`);
        const input = { service: positionals[0], tool: positionals[1] };
        if (!input.service || !input.tool) {
          if (!interactive()) throw new GeneratorError(`a service and a tool name are required (${USAGE.tool})`);
          const services = existsSync(join(ROOT, 'services'))
            ? readdirSync(join(ROOT, 'services')).filter((d) => existsSync(join(ROOT, 'services', d, 'src/tools/index.ts')))
            : [];
          if (services.length === 0) throw new GeneratorError('there is no service yet: run `pnpm gen server <name>` first');
          Object.assign(
            input,
            await inquirer.prompt([
              { type: 'list', name: 'service', message: 'Service', choices: services, when: !input.service },
              { type: 'input', name: 'tool', message: 'Tool name (snake_case verb_noun, e.g. list_items)', when: !input.tool },
            ]),
          );
        }
        return { plan: planTool(plop, input) };
      } catch (error) {
        return refuse('tool', error);
      }
    },
    actions: (answers) => [{ type: 'fleet-apply' }, answers.plan.next],
  });
}
