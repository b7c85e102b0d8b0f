import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { SecretsClient } from '../client.js';
import { missingFor } from '../env.js';
import { backendInput } from '../models.js';

export const healthCheck = defineTool({
  name: 'health_check',
  title: 'Check the secret stores',
  description:
    'Proves each enabled backend works with the cheapest call: KeePass opens the file and counts entries; Vault calls /v1/sys/health and /v1/auth/token/lookup-self (token name, policies, TTL); Azure Key Vault gets a token and lists one secret. Never reads a value.',
  input: z.object({ backend: backendInput }),
  output: z.object({
    ok: z.boolean(),
    latencyMs: z.number(),
    backends: z.array(
      z.object({
        backend: z.string(),
        ok: z.boolean(),
        latencyMs: z.number(),
        identity: z.string().optional(),
        detail: z.record(z.string(), z.unknown()).optional(),
        error: z.string().optional(),
      }),
    ),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  render: (o) =>
    o.backends
      .map((b) => (b.ok ? `${b.backend}: ok in ${b.latencyMs} ms${b.identity ? ` as ${b.identity}` : ''}` : `${b.backend}: FAILED — ${b.error}`))
      .join('\n'),
  handler: async ({ backend }, { client, signal }: ToolContext<SecretsClient>) => {
    const started = performance.now();
    const chosen = backend ? [client.backend(backend)] : [...client.backends.values()];
    const backends = await Promise.all(
      chosen.map(async (b) => {
        const t0 = performance.now();
        const latencyMs = () => Math.round(performance.now() - t0);
        const missing = missingFor(client.env, b.id);
        if (missing.length > 0) return { backend: b.id, ok: false, latencyMs: 0, error: `${missing.join(', ')} not set` };
        try {
          const probe = await b.probe(signal);
          return {
            backend: b.id,
            ok: probe.ok,
            latencyMs: latencyMs(),
            identity: probe.identity,
            detail: probe.detail,
            ...(probe.error && { error: probe.error }),
          };
        } catch (error) {
          return { backend: b.id, ok: false, latencyMs: latencyMs(), error: (error as { toText?: () => string }).toText?.() ?? (error as Error).message };
        }
      }),
    );
    return { ok: backends.every((b) => b.ok), latencyMs: Math.round(performance.now() - started), backends };
  },
});
