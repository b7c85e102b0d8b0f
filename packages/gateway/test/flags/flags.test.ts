import { createLogger, parseEnv } from '@mcp/runtime';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { adminAuth } from '../../src/admin/auth.js';
import { adminActorOf } from '../../src/audit/admin-actor.js';
import { AdminAudit } from '../../src/audit/admin-audit.js';
import { envSchema } from '../../src/env.js';
import { EventBus, type GatewayEvent } from '../../src/events/event-bus.js';
import { FeatureFlags } from '../../src/flags/feature-flags.js';
import { autoRollbackEnabled, parseFlags } from '../../src/flags/flag-schema.js';
import { mountFlagRoutes } from '../../src/flags/flag-routes.js';
import type { AuditEntry } from '../../src/governance/types.js';

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
    expect(() => parseEnv(envSchema, { MCP_ENABLE_AUTO_ROLLBACK: 'yes' })).toThrow(/MCP_ENABLE_AUTO_ROLLBACK is invalid/);
    // …and reads them as the CLI does: case and blanks do not matter, empty means the default
    expect(parseEnv(envSchema, { MCP_USE_NEW_SYSTEM: ' FALSE ', MCP_MIGRATION_MODE: 'Full', MCP_BACKUP_VALIDATION: '' })).toMatchObject({
      MCP_USE_NEW_SYSTEM: false,
      MCP_MIGRATION_MODE: 'full',
      MCP_BACKUP_VALIDATION: true,
      MCP_ENABLE_AUTO_ROLLBACK: false,
    });
  });

  it('GET/PUT /api/v1/flags: admin key required, validated all-or-nothing, each change an event', async () => {
    const events = new EventBus();
    const seen: GatewayEvent[] = [];
    events.subscribe((e) => seen.push(e));
    const flags = new FeatureFlags({ ...parseFlags({}), SECRET: 'not a flag' } as never, events);
    const app = new Hono();
    app.use('/api/v1/*', adminAuth([KEY], false));
    const audited: AuditEntry[] = [];
    let auditDown = false;
    const audit = new AdminAudit(
      async (e) => {
        if (auditDown) throw new Error('store down');
        audited.push(e);
      },
      createLogger({ service: 'flags-test', level: 'silent' }),
    );
    mountFlagRoutes(app, { flags, audit, actorOf: adminActorOf([KEY]) });
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
    // the admin identity is the key's fingerprint, never the key
    const actor = adminActorOf([KEY])(KEY);
    expect(actor).toMatch(/^admin:key:[0-9a-f]{12}$/);
    expect(actor).not.toContain(KEY);
    expect(body.changes).toEqual([
      { flag: 'MCP_USE_NEW_SYSTEM', from: true, to: false, actor },
      { flag: 'MCP_MIGRATION_MODE', from: 'safe', to: 'full', actor },
    ]);
    expect(audited).toEqual([
      expect.objectContaining({ kind: 'admin', identity: actor, tool: 'flag.changed', arguments: { flag: 'MCP_USE_NEW_SYSTEM', from: true, to: false } }),
      expect.objectContaining({ kind: 'admin', identity: actor, tool: 'flag.changed', arguments: { flag: 'MCP_MIGRATION_MODE', from: 'safe', to: 'full' } }),
    ]);
    expect(seen.map((e) => [e.type, e.data.flag])).toEqual([
      ['flag.changed', 'MCP_USE_NEW_SYSTEM'],
      ['flag.changed', 'MCP_MIGRATION_MODE'],
    ]);
    expect(flags.sources().MCP_MIGRATION_MODE).toMatchObject({ source: 'api', changedAt: expect.any(String) });

    // no audit entry, no change: refused while the audit log cannot be written
    auditDown = true;
    const refused = await call('PUT', { MCP_ENABLE_AUTO_ROLLBACK: true });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: string }).error).toBe('audit_unavailable');
    expect(flags.get().MCP_ENABLE_AUTO_ROLLBACK).toBe(false);
    expect(seen).toHaveLength(2);
  });
});
