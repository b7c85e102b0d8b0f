import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSourceText, readSources } from '../../src/migration/legacy-sources.js';
import { planMigration } from '../../src/migration/plan.js';

describe('legacy sources', () => {
  it('reads Claude Desktop, .mcp.json and legacy mcp_config.json shapes into registry entries', () => {
    const desktop = parseSourceText(
      'claude_desktop_config.json',
      JSON.stringify({ globalShortcut: 'x', mcpServers: { files: { command: 'npx', args: ['-y', 'fs'], env: { A: '1' } } } }),
    );
    expect(desktop).toEqual({
      problems: [],
      records: [{ file: 'claude_desktop_config.json', entry: 'files', config: { command: 'npx', args: ['-y', 'fs'], env: { A: '1' }, enabled: true } }],
    });
    const mcp = parseSourceText('.mcp.json', JSON.stringify({ mcpServers: { web: { type: 'sse', url: 'http://h:1/sse', weight: 10 } } }));
    expect(mcp.records[0]?.config).toEqual({ type: 'sse', url: 'http://h:1/sse', weight: 10, headers: {}, enabled: true });
    const legacy = parseSourceText(
      'mcp_config.json',
      JSON.stringify({
        servers: [
          { name: 'jira', port: 8101, host: '10.0.0.5', description: 'kept', custom: { a: 1 } },
          { name: 'events', port: 8102, transport: 'sse' },
          { name: 'v6', port: 8103, host: '::1', path: '/rpc', transport: 'streamable-http' },
          { name: 'local', transport: 'stdio', command: 'python3', args: ['-m', 'srv'], port: 8104 },
          { name: 'direct', url: 'https://example.com/mcp' },
        ],
      }),
    );
    expect(legacy.problems).toEqual([]);
    expect(legacy.records.map((r) => r.config)).toEqual([
      { type: 'http', url: 'http://10.0.0.5:8101/mcp', port: 8101, description: 'kept', custom: { a: 1 }, headers: {}, enabled: true },
      { type: 'sse', url: 'http://127.0.0.1:8102/sse', port: 8102, headers: {}, enabled: true },
      { type: 'streamable-http', url: 'http://[::1]:8103/rpc', port: 8103, headers: {}, enabled: true },
      { command: 'python3', args: ['-m', 'srv'], port: 8104, env: {}, enabled: true },
      { type: 'http', url: 'https://example.com/mcp', headers: {}, enabled: true },
    ]);
    // a Claude Desktop file with preferences only is fine; any other file without servers is not
    expect(parseSourceText('/x/claude_desktop_config.json', '{"theme":"dark"}')).toEqual({ records: [], problems: [] });
    expect(parseSourceText('other.json', '{"theme":"dark"}').problems[0]?.message).toMatch(/no "mcpServers" object and no "servers" array/);
  });

  it('reports every problem per record, with file and entry name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-legacy-'));
    const write = (name: string, body: unknown) => {
      const path = join(dir, name);
      writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
      return path;
    };
    const bad = write('broken.json', '{ "mcpServers": { "a": ');
    const desktop = write('claude_desktop_config.json', {
      mcpServers: {
        ok: { command: 'node' },
        nothing: { args: ['x'] },
        weird: { type: 'websocket', url: 'ws://h' },
        both: { command: 'node', url: 'http://h' },
        badurl: { type: 'http', url: 'not a url' },
        'bad name!': { command: 'node' },
        shared: { command: 'node', args: ['one'] },
      },
    });
    const legacy = write('mcp_config.json', {
      servers: [
        { name: 'svc', port: 9001 },
        { name: 'svc', port: 9002 },
        { name: 'tele', port: 9003, transport: 'telepathy' },
        { name: 'noport' },
        { port: 9004 },
        { name: 'range', port: 70000 },
        { name: 'shared', transport: 'stdio', command: 'node', args: ['two'] },
      ],
    });
    const sources = await readSources([bad, desktop, legacy, join(dir, 'missing.json')]);
    const plan = planMigration(sources.records, []);
    const problems = [...sources.problems, ...plan.problems].map((p) => `${p.file.replace(`${dir}/`, '')} › ${p.entry}: ${p.message}`);
    expect(problems).toEqual([
      expect.stringMatching(/^broken\.json › null: not valid JSON/),
      'claude_desktop_config.json › nothing: has neither "command" (stdio) nor "url" (http/sse)',
      'claude_desktop_config.json › weird: unknown transport "websocket" (expected one of stdio, http, streamable-http, sse)',
      'claude_desktop_config.json › both: has both "command" and "url": ambiguous transport',
      expect.stringMatching(/^claude_desktop_config\.json › badurl: url: /),
      expect.stringMatching(/^claude_desktop_config\.json › bad name!: invalid name/),
      'mcp_config.json › svc: duplicate name (first defined at servers[0])',
      'mcp_config.json › tele: unknown transport "telepathy" (expected one of stdio, http, streamable-http, sse)',
      'mcp_config.json › noport: has neither "command" nor "url" nor "port"',
      'mcp_config.json › servers[4]: missing "name"',
      'mcp_config.json › range: port must be an integer from 1 to 65535 (got 70000)',
      expect.stringMatching(/^missing\.json › null: cannot read/),
      expect.stringMatching(/^mcp_config\.json › shared: duplicate name with different content \(also defined in .*claude_desktop_config\.json\)$/),
    ]);
    expect(plan.conflicts).toEqual([{ name: 'shared', files: [desktop, legacy] }]);
    expect(plan.added.map((r) => r.name)).toEqual(['ok', 'svc']);
  });

  it('imports a name defined identically in two files once', () => {
    const a = parseSourceText('a.json', JSON.stringify({ mcpServers: { same: { command: 'node', args: [] } } }));
    const b = parseSourceText('mcp_config.json', JSON.stringify({ servers: [{ name: 'same', command: 'node' }] }));
    const plan = planMigration([...a.records, ...b.records], []);
    expect(plan.problems).toEqual([]);
    expect(plan.added.map((r) => [r.name, r.file])).toEqual([['same', 'a.json']]);
  });
});
