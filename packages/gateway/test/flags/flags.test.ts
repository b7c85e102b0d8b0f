import { parseEnv } from '@mcp/runtime';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { adminAuth } from '../../src/admin/auth.js';
import { envSchema } from '../../src/env.js';
import { EventBus, type GatewayEvent } from '../../src/events/event-bus.js';
import { FeatureFlags } from '../../src/flags/feature-flags.js';
import { autoRollbackEnabled, parseFlags } from '../../src/flags/flag-schema.js';
import { mountFlagRoutes } from '../../src/flags/flag-routes.js';

const KEY = 'flags-admin-key-123456';

describe('feature flags', () => {
  it('parse from the env with defaults, and reject bad values naming the variable', () => {
    expect(parseFlags({})).toEqual({ MCP_USE_NEW_SYSTEM: true, MCP_MIGRATION_MODE: 'safe', MCP_BACKUP_VALIDATION: true, MCP_ENABLE_AUTO_ROLLBACK: false });
    expect(parseFlags({ MCP_USE_NEW_SYSTEM: 'FALSE', MCP_MIGRATION_MODE: ' full ', MCP_ENABLE_AUTO_ROLLBACK: 'true' })).toMatchObject({
      MCP_USE_NEW_SYSTEM: false,
      MCP_MIGRATION_MODE: 'full',
      MCP_ENABLE_AUTO_ROLLBACK: true,
    });
    expect(() => parseFlags({ MCP_BACKUP_VALIDATION: 'yes', MCP_MIGRATION_MODE: 'fast' })).toThrow(
      /MCP_MIGRATION_MODE must be safe, full or rollback \(got "fast"\); MCP_BACKUP_VALIDATION must be true or false \(got "yes"\)/,
    );
    expect(autoRollbackEnabled(parseFlags({ MCP_MIGRATION_MODE: 'full' }))).toBe(false);
    expect(autoRollbackEnabled(parseFlags({ MCP_MIGRATION_MODE: 'full', MCP_ENABLE_AUTO_ROLLBACK: 'true' }))).toBe(true);
    // the gateway's own start-up validation covers them too
    expect(parseEnv(envSchema, { MCP_USE_NEW_SYSTEM: 'false' }).MCP_USE_NEW_SYSTEM).toBe(false);
    expect(() => parseEnv(envSchema, { MCP_MIGRATION_MODE: 'fast' })).toThrow(/MCP_MIGRATION_MODE is invalid/);
  });

  it('GET/PUT /api/v1/flags: admin key required, validated all-or-nothing, each change an event', async () => {
    const events = new EventBus();
    const seen: GatewayEvent[] = [];
    events.subscribe((e) => seen.push(e));
    const flags = new FeatureFlags({ ...parseFlags({}), SECRET: 'not a flag' } as never, events);
    const app = new Hono();
    app.use('/api/v1/*', adminAuth([KEY], false));
    mountFlagRoutes(app, flags);
    const call = (method: string, body?: unknown, key: string | null = KEY) =>
      app.request('/api/v1/flags', {
        method,
        headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });

    expect((await call('GET', undefined, null)).status).toBe(401);
    const initial = (await (await call('GET')).json()) as { flags: Record<string, unknown>; sources: Record<string, unknown> };
    expect(initial.flags).toEqual({ MCP_USE_NEW_SYSTEM: true, MCP_MIGRATION_MODE: 'safe', MCP_BACKUP_VALIDATION: true, MCP_ENABLE_AUTO_ROLLBACK: false });
    expect(initial.sources.MCP_USE_NEW_SYSTEM).toEqual({ source: 'env' });

    const bad = await call('PUT', { MCP_MIGRATION_MODE: 'full', MCP_BACKUP_VALIDATION: 'maybe', OTHER: 1 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: string[] }).problems.join('\n')).toMatch(/MCP_BACKUP_VALIDATION[\s\S]*OTHER/);
    expect(flags.get().MCP_MIGRATION_MODE).toBe('safe');
    expect(seen).toEqual([]);

    const ok = await call('PUT', { MCP_MIGRATION_MODE: 'full', MCP_USE_NEW_SYSTEM: 'false', MCP_BACKUP_VALIDATION: true });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { flags: Record<string, unknown>; changes: unknown[] };
    expect(body.flags).toMatchObject({ MCP_MIGRATION_MODE: 'full', MCP_USE_NEW_SYSTEM: false, MCP_BACKUP_VALIDATION: true });
    expect(body.changes).toEqual([
      { flag: 'MCP_USE_NEW_SYSTEM', from: true, to: false, actor: 'admin-api' },
      { flag: 'MCP_MIGRATION_MODE', from: 'safe', to: 'full', actor: 'admin-api' },
    ]);
    expect(seen.map((e) => [e.type, e.data.flag])).toEqual([
      ['flag.changed', 'MCP_USE_NEW_SYSTEM'],
      ['flag.changed', 'MCP_MIGRATION_MODE'],
    ]);
    expect(flags.sources().MCP_MIGRATION_MODE).toMatchObject({ source: 'api', changedAt: expect.any(String) });
  });
});
