// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are the registry syntax under test, not template literals.
import { describe, expect, it } from 'vitest';
import { parseRegistryText } from '../../src/registry/file-source.js';
import { mergeRegistry } from '../../src/registry/merge.js';

describe('registry file', () => {
  it('accepts Claude Code mcpServers entries (http, sse, stdio) with fleet extras, keeping unknown fields', () => {
    const r = parseRegistryText(
      JSON.stringify({
        mcpServers: {
          github: { type: 'http', url: 'http://127.0.0.1:9002/mcp', namespace: 'gh', weight: 10, vendorField: { x: 1 } },
          legacy: { type: 'sse', url: 'http://127.0.0.1:9003/sse' },
          local: { command: 'node', args: ['server.js', '--stdio'], env: { A: '1' } },
        },
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.configs.map((c) => c.name)).toEqual(['github', 'legacy', 'local']);
    expect(r.configs[0]?.config).toMatchObject({ namespace: 'gh', weight: 10, enabled: true, vendorField: { x: 1 } });
  });

  it('rejects a half-written file as a whole, with a clear error', () => {
    const r = parseRegistryText('{"mcpServers": {"github": {"type": "http", "url": "http://127.');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/not valid JSON.*previous registry stays in force/);
  });

  it('reports every invalid entry by name, not just the first', () => {
    const r = parseRegistryText(
      JSON.stringify({
        mcpServers: {
          a: { type: 'http', url: 'not a url' },
          b: { type: 'http' },
          'bad name!': { command: 'x' },
          c: { type: 'http', url: 'http://x', namespace: 'Bad_NS' },
        },
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join('\n');
    expect(text).toMatch(/^a/m);
    expect(text).toMatch(/^b/m);
    expect(text).toMatch(/bad name!/);
    expect(text).toMatch(/^c\.namespace/m);
  });

  it('a store record overrides the file entry of the same name', () => {
    const file = parseRegistryText(JSON.stringify({ mcpServers: { a: { type: 'http', url: 'http://a' }, b: { type: 'http', url: 'http://b' } } }));
    if (!file.ok) throw new Error('fixture');
    const now = new Date().toISOString();
    const merged = mergeRegistry(file.configs, [
      { name: 'b', config: { type: 'http', url: 'http://b2', headers: {}, enabled: true }, version: 1, createdAt: now, updatedAt: now },
    ]);
    expect(merged.overridden).toEqual(['b']);
    expect(merged.configs.map((c) => [c.name, c.source])).toEqual([
      ['a', 'file'],
      ['b', 'store'],
    ]);
  });

  it('expands ${VAR} and ${VAR:-default} like Claude Code, in url, headers, command, args and env', () => {
    const env = { GH_TOKEN: 'ghp_secret', HOST_PORT: '127.0.0.1:9002', BIN: 'node' };
    const r = parseRegistryText(
      JSON.stringify({
        mcpServers: {
          github: { type: 'http', url: 'http://${HOST_PORT}/mcp', headers: { authorization: 'Bearer ${GH_TOKEN}' } },
          slack: { type: 'http', url: '${SLACK_URL:-http://127.0.0.1:9004/mcp}' },
          local: { command: '${BIN}', args: ['--token=${GH_TOKEN}'], env: { TOKEN: '${GH_TOKEN}', LEVEL: '${LOG_LEVEL:-info}' } },
        },
      }),
      '.mcp.json',
      env,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const byName = Object.fromEntries(r.configs.map((c) => [c.name, c.config as Record<string, unknown>]));
    expect(byName.github).toMatchObject({ url: 'http://127.0.0.1:9002/mcp', headers: { authorization: 'Bearer ghp_secret' } });
    expect(byName.slack).toMatchObject({ url: 'http://127.0.0.1:9004/mcp' });
    expect(byName.local).toMatchObject({ command: 'node', args: ['--token=ghp_secret'], env: { TOKEN: 'ghp_secret', LEVEL: 'info' } });
  });

  it('rejects the whole file when a variable is unset and has no default, naming entry and field', () => {
    const r = parseRegistryText(
      JSON.stringify({
        mcpServers: { github: { type: 'http', url: 'http://x/mcp', headers: { authorization: 'Bearer ${GH_TOKEN}' } }, ok: { type: 'http', url: 'http://y' } },
      }),
      '.mcp.json',
      { GH_TOKEN: '' },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([expect.stringMatching(/^github\.headers\.authorization: \$\{GH_TOKEN\} is not set/)]);
  });
});
