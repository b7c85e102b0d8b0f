import { getEventListeners } from 'node:events';
import type { ServerContext } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createLogger } from '../../src/logging/logger.js';
import { defineTool } from '../../src/index.js';
import { createToolExecutor } from '../../src/tools/execute.js';
import type { AnyToolDefinition } from '../../src/tools/define-tool.js';

/**
 * ctx.signal must abort when the MCP request is cancelled, when the service
 * shuts down, and when the timeout fires — with that source's reason — and a
 * finished call must leave nothing attached to the long-lived shutdown signal.
 */

const seen: Array<{ aborted: boolean; reason: unknown }> = [];

const waiter = defineTool({
  name: 'waiter',
  title: 'Waiter',
  description: 'Waits for its signal (or 2 s) and reports what it saw.',
  input: z.object({ ms: z.number().optional() }),
  output: z.object({ aborted: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  timeoutMs: 1_000,
  handler: async ({ ms }, ctx) => {
    if (!ctx.signal.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms ?? 2_000);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    seen.push({ aborted: ctx.signal.aborted, reason: ctx.signal.reason });
    return { aborted: ctx.signal.aborted };
  },
}) as AnyToolDefinition;

function setup() {
  const shutdown = new AbortController();
  const execute = createToolExecutor({
    service: 'signals',
    client: undefined,
    logger: createLogger({ service: 'signals', level: 'silent' }),
    defaultTimeoutMs: 1_000,
    middlewares: [],
    shutdownSignal: shutdown.signal,
  });
  const run = (args: Record<string, unknown>, request = new AbortController()) =>
    execute(waiter, args, { mcpReq: { signal: request.signal, _meta: undefined, notify: async () => {} } } as unknown as ServerContext);
  return { shutdown, run };
}

describe('tool executor signal', () => {
  it('aborts with the request signal’s reason when the request is cancelled', async () => {
    const { run } = setup();
    const request = new AbortController();
    const pending = run({}, request);
    const reason = new Error('client cancelled');
    setTimeout(() => request.abort(reason), 10);
    await pending;
    expect(seen.at(-1)).toEqual({ aborted: true, reason });
  });

  it('aborts with the shutdown reason when the service stops mid-call', async () => {
    const { run, shutdown } = setup();
    const pending = run({});
    const reason = new Error('service shutting down');
    setTimeout(() => shutdown.abort(reason), 10);
    await pending;
    expect(seen.at(-1)).toEqual({ aborted: true, reason });
  });

  it('starts aborted when shutdown has already begun, and is not aborted otherwise', async () => {
    const { run, shutdown } = setup();
    await run({ ms: 1 });
    expect(seen.at(-1)).toEqual({ aborted: false, reason: undefined });
    shutdown.abort(new Error('gone'));
    await run({});
    expect(seen.at(-1)?.aborted).toBe(true);
    expect((seen.at(-1)?.reason as Error | undefined)?.message).toBe('gone');
  });

  it('adds no listener per call to the shutdown signal, however many calls run at once', async () => {
    const { run, shutdown } = setup();
    const before = getEventListeners(shutdown.signal, 'abort').length;
    const calls = Array.from({ length: 20 }, () => run({ ms: 50 }));
    expect(getEventListeners(shutdown.signal, 'abort').length).toBe(before);
    await Promise.all(calls);
    expect(getEventListeners(shutdown.signal, 'abort').length).toBe(before);
    // The ones that finished are no longer reached by shutdown; a call started after still is.
    const late = run({});
    setTimeout(() => shutdown.abort(new Error('late stop')), 10);
    await late;
    expect((seen.at(-1)?.reason as Error | undefined)?.message).toBe('late stop');
  });
});
