import { describe, expect, it } from 'vitest';
import { createBackendManager } from '../../src/backends/manager.js';
import type { BackendCatalog } from '../../src/backends/backend.js';
import type { BackendConfig, NamedBackendConfig } from '../../src/config/schema.js';
import { EventBus } from '../../src/events/event-bus.js';
import { resolveUri } from '../../src/federation/catalog-index.js';
import { createFederation } from '../../src/federation/federation.js';
import { silentLogger } from '../backends/helpers.js';
import { type FakeBackend, fakeBackend, tool } from './fake-backend.js';

const named = (name: string, extra: Partial<BackendConfig> = {}): NamedBackendConfig => ({
  name,
  config: { type: 'http', url: `http://${name}.test/mcp`, headers: {}, enabled: true, ...extra } as BackendConfig,
  source: 'file',
});

async function setup(entries: Array<[NamedBackendConfig, Partial<BackendCatalog>]>) {
  const events = new EventBus();
  const catalogs = new Map(entries.map(([n, c]) => [n.name, c]));
  const fakes = new Map<string, FakeBackend>();
  const manager = createBackendManager({
    logger: silentLogger,
    events,
    healthIntervalMs: 0,
    createBackend: (n) => {
      const fake = fakeBackend(n, catalogs.get(n.name));
      fakes.set(n.name, fake);
      return fake;
    },
  });
  let changes = 0;
  const federation = createFederation({ manager, events, logger: silentLogger, onChange: () => changes++ });
  await manager.apply(entries.map(([n]) => n));
  await new Promise((r) => setTimeout(r, 0));
  return { events, manager, federation, fakes, changes: () => changes };
}

describe('federation', () => {
  it('namespaces tools per backend and routes calls back to the original name', async () => {
    const { federation, fakes } = await setup([
      [named('slack'), { tools: [tool('post_message'), tool('list_channels')] }],
      [named('github', { namespace: 'gh' }), { tools: [tool('list_issues')] }],
      [named('fixture', { namespace: '' }), { tools: [tool('test_simple_text')] }],
    ]);
    const names = federation.toolSource.list({}).map((t) => t.name);
    expect(names.sort()).toEqual(['gh_list_issues', 'slack_list_channels', 'slack_post_message', 'test_simple_text']);
    const dynamic = federation.toolSource.get('gh_list_issues', {});
    const ctx = {
      signal: new AbortController().signal,
      trace: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), sampled: true },
      progress: async () => {},
      mcp: { mcpReq: {} },
    };
    const result = await dynamic?.call({ state: 'open' }, ctx as never);
    expect(result?.content).toEqual([{ type: 'text', text: 'github:list_issues' }]);
    const call = fakes.get('github')?.calls[0];
    expect(call).toMatchObject({ name: 'list_issues', args: { state: 'open' } });
    // A child span of the caller's trace goes to the backend.
    expect(call?.options?.traceparent).toMatch(/^00-a{32}-[0-9a-f]{16}-01$/);
    expect(call?.options?.traceparent).not.toContain('b'.repeat(16));
  });

  it('shortens names that would be too long or invalid, and still routes them to the original', async () => {
    const long = `create_or_update_repository_environment_deployment_protection_rule_${'x'.repeat(10)}`;
    const { federation, fakes } = await setup([[named('github-enterprise'), { tools: [tool(long), tool('files.read')] }]]);
    const names = federation.toolSource.list({}).map((t) => t.name);
    for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    const ctx = { signal: new AbortController().signal, trace: { traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), sampled: true }, mcp: { mcpReq: {} } };
    for (const name of names) await federation.toolSource.get(name, {})?.call({}, ctx as never);
    expect(
      fakes
        .get('github-enterprise')
        ?.calls.map((c) => c.name)
        .sort(),
    ).toEqual(['files.read', long].sort());
  });

  it('reports collisions and leaves the later tool out (stable order by backend name), never crashing', async () => {
    const { federation, events } = await setup([
      [named('zeta', { namespace: '' }), { tools: [tool('search')] }],
      [named('alpha', { namespace: '' }), { tools: [tool('search'), tool('only_alpha')] }],
    ]);
    expect(
      federation.toolSource
        .list({})
        .map((t) => t.name)
        .sort(),
    ).toEqual(['only_alpha', 'search']);
    expect(federation.collisions()).toEqual([
      { kind: 'tool', name: 'search', kept: { backend: 'alpha', original: 'search' }, other: { backend: 'zeta', original: 'search' }, resolution: 'dropped' },
    ]);
    const published = events.recent().filter((e) => e.type === 'tools.collision');
    expect(published).toHaveLength(1);
    // Reported once while it lasts, not on every rebuild.
    federation.rebuild();
    expect(events.recent().filter((e) => e.type === 'tools.collision')).toHaveLength(1);
  });

  it("hides an unhealthy backend's tools, signals the change, and brings them back on recovery", async () => {
    const { federation, fakes, changes, events } = await setup([
      [named('a'), { tools: [tool('one')] }],
      [named('b'), { tools: [tool('two')] }],
    ]);
    const before = changes();
    const version = federation.catalogVersion;
    fakes.get('a')?.setState('unhealthy');
    await new Promise((r) => setTimeout(r, 0));
    expect(federation.toolSource.list({}).map((t) => t.name)).toEqual(['b_two']);
    expect(changes()).toBe(before + 1);
    expect(federation.catalogVersion).toBe(version + 1);
    // Still routable: the call reaches the backend, which fails fast naming itself.
    await expect(
      federation.toolSource.get('a_one', {})?.call({}, {
        signal: new AbortController().signal,
        trace: { traceId: '1'.repeat(32), spanId: '2'.repeat(16), sampled: true },
        mcp: { mcpReq: {} },
      } as never),
    ).rejects.toThrow(/Backend 'a'/);
    fakes.get('a')?.setState('healthy');
    await new Promise((r) => setTimeout(r, 0));
    expect(
      federation.toolSource
        .list({})
        .map((t) => t.name)
        .sort(),
    ).toEqual(['a_one', 'b_two']);
    expect(changes()).toBe(before + 2);
    // A refresh that changes nothing visible is not a change.
    fakes.get('b')?.setCatalog({ tools: [tool('two')] });
    await new Promise((r) => setTimeout(r, 0));
    expect(changes()).toBe(before + 2);
    expect(events.recent().filter((e) => e.type === 'tools.changed').length).toBeGreaterThanOrEqual(3);
  });

  it('says which lists changed, so resources and prompts changes reach clients as their own list_changed', async () => {
    const { federation, fakes } = await setup([[named('docs'), { tools: [tool('search')], resources: [{ uri: 'docs://a', name: 'a' }], prompts: [] }]]);
    const seen: unknown[] = [];
    federation.onChange((lists) => seen.push(lists));
    fakes.get('docs')?.setCatalog({
      resources: [
        { uri: 'docs://a', name: 'a' },
        { uri: 'docs://b', name: 'b' },
      ],
    });
    await new Promise((r) => setTimeout(r, 0));
    fakes.get('docs')?.setCatalog({ prompts: [{ name: 'summarise' }] });
    await new Promise((r) => setTimeout(r, 0));
    fakes.get('docs')?.setCatalog({ tools: [tool('search'), tool('fetch')] });
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual([
      { tools: false, resources: true, prompts: false },
      { tools: false, resources: false, prompts: true },
      { tools: true, resources: false, prompts: false },
    ]);
  });

  it('rewrites resource URIs into the namespace and routes them back; unprefixed backends keep theirs unless contested', async () => {
    const { federation, manager } = await setup([
      [named('docs'), { resources: [{ uri: 'file:///readme.md', name: 'readme' }], resourceTemplates: [{ uriTemplate: 'file:///{path}', name: 'file' }] }],
      [
        named('fixture', { namespace: '' }),
        { resources: [{ uri: 'test://static-text', name: 'static' }], resourceTemplates: [{ uriTemplate: 'test://template/{id}/data', name: 't' }] },
      ],
      [named('second', { namespace: '' }), { resources: [{ uri: 'test://static-text', name: 'static again' }] }],
    ]);
    expect(federation.collisions()).toEqual([
      {
        kind: 'resource',
        name: 'test://static-text',
        kept: { backend: 'fixture', original: 'test://static-text' },
        other: { backend: 'second', original: 'test://static-text' },
        resolution: 'rewritten',
      },
    ]);
    const { buildIndex } = await import('../../src/federation/catalog-index.js');
    const index = buildIndex(manager.list());
    expect([...index.resources.keys()].sort()).toEqual([
      'mcp+gw://docs/file%3A%2F%2F%2Freadme.md',
      'mcp+gw://second/test%3A%2F%2Fstatic-text',
      'test://static-text',
    ]);
    expect([...index.templates.keys()].sort()).toEqual(['mcp+gw://docs/file%3A%2F%2F%2F{path}', 'test://template/{id}/data']);
    expect(resolveUri(index, 'mcp+gw://second/test%3A%2F%2Fstatic-text')?.backend.name).toBe('second');
    expect(resolveUri(index, 'test://static-text')?.backend.name).toBe('fixture');
  });
});

describe('resolveUri', () => {
  it('routes gateway URIs by namespace and unprefixed URIs by listing or template', async () => {
    const { buildIndex } = await import('../../src/federation/catalog-index.js');
    const docs = fakeBackend(named('docs'), { resources: [{ uri: 'file:///readme.md', name: 'readme' }] });
    const fixture = fakeBackend(named('fixture', { namespace: '' }), {
      resources: [{ uri: 'test://static-text', name: 'static' }],
      resourceTemplates: [{ uriTemplate: 'test://template/{id}/data', name: 't' }],
    });
    const index = buildIndex([docs, fixture]);
    expect(resolveUri(index, 'mcp+gw://docs/file%3A%2F%2F%2Freadme.md')).toMatchObject({ backend: docs, original: 'file:///readme.md' });
    expect(resolveUri(index, 'mcp+gw://docs/mcp-blocks%3A%2F%2Fabc%2F1')).toMatchObject({ backend: docs, original: 'mcp-blocks://abc/1' });
    expect(resolveUri(index, 'test://static-text')).toMatchObject({ backend: fixture, original: 'test://static-text' });
    expect(resolveUri(index, 'test://template/42/data')).toMatchObject({ backend: fixture, original: 'test://template/42/data' });
    // The unprefixed backend's blocks route by its default namespace.
    expect(resolveUri(index, 'mcp+gw://fixture/mcp-blocks%3A%2F%2Fabc')).toMatchObject({ backend: fixture, original: 'mcp-blocks://abc' });
    expect(resolveUri(index, 'test://nobody')).toBeUndefined();
    expect(resolveUri(index, 'mcp+gw://ghost/x')).toBeUndefined();
  });
});
