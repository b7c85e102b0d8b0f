import * as z from 'zod';
import {
  createService,
  currentRequestContext,
  defineTool,
  type DynamicTool,
  inputRequired,
  NotFoundError,
  RateLimitedError,
  rawResult,
} from '../../src/index.js';

/**
 * The service the fast-path differential test runs twice (fast path on and
 * off): tools covering each way a call can end — structured result, typed
 * error, unexpected error, invalid output, timeout, content result, a log
 * notification mid-call, a large result handed out in blocks, a destructive
 * tool for the filters — and, like the gateway, a dynamic tool source.
 */
const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

/** Releases the running `notify_then_wait` calls (the streaming test opens it). */
export const gate = {
  waiting: [] as Array<() => void>,
  open(): void {
    for (const release of this.waiting.splice(0)) release();
  },
};

/** Why each `wait_for_abort` call was aborted, in order (the abort test reads it). */
export const abortReasons: string[] = [];

const tools = [
  defineTool({
    name: 'echo',
    title: 'Echo',
    description: 'Echoes the text back.',
    input: z.object({ text: z.string(), times: z.number().int().min(1).max(3).optional() }),
    output: z.object({ text: z.string() }),
    annotations: readOnly,
    handler: async ({ text, times }) => ({ text: text.repeat(times ?? 1) }),
  }),
  defineTool({
    name: 'find_thing',
    title: 'Find a thing',
    description: 'Fails with typed errors: not_found for "missing", rate_limited for "busy".',
    input: z.object({ id: z.string() }),
    output: z.object({ id: z.string() }),
    annotations: readOnly,
    handler: async ({ id }) => {
      if (id === 'missing') throw new NotFoundError(`No thing ${id}.`, { hint: 'List things first.' });
      if (id === 'busy') throw new RateLimitedError('Too many requests.', { retryAfterSeconds: 7 });
      return { id };
    },
  }),
  defineTool({
    name: 'explode',
    title: 'Explode',
    description: 'Throws an unexpected error.',
    input: z.object({}),
    output: z.object({ ok: z.boolean() }),
    annotations: readOnly,
    handler: async () => {
      throw new Error('database password=hunter2 rejected');
    },
  }),
  defineTool({
    name: 'bad_output',
    title: 'Bad output',
    description: 'Returns output that does not match its schema.',
    input: z.object({}),
    output: z.object({ count: z.number() }),
    annotations: readOnly,
    handler: async () => ({ count: 'three' }) as unknown as { count: number },
  }),
  defineTool({
    name: 'slow',
    title: 'Slow',
    description: 'Outlives its timeout.',
    input: z.object({}),
    output: z.object({ done: z.boolean() }),
    annotations: readOnly,
    timeoutMs: 50,
    handler: async (_args, ctx) => {
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 5_000);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve(undefined);
        });
      });
      return { done: true };
    },
  }),
  defineTool({
    name: 'chatty',
    title: 'Chatty',
    description: 'Logs to the client (notifications/message) before answering.',
    input: z.object({}),
    output: z.object({ said: z.string() }),
    annotations: readOnly,
    handler: async (_args, ctx) => {
      await ctx.mcp.mcpReq.log('info', { step: 'half way' }, 'chatty');
      return { said: 'hello' };
    },
  }),
  defineTool({
    name: 'wait_for_abort',
    title: 'Wait for abort',
    description: 'Runs until its call is aborted, then reports why in abortReasons.',
    input: z.object({}),
    output: z.object({ aborted: z.boolean() }),
    annotations: readOnly,
    handler: async (_args, ctx) => {
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      abortReasons.push(String((ctx.signal.reason as Error | undefined)?.message));
      return { aborted: true };
    },
  }),
  defineTool({
    name: 'notify_then_wait',
    title: 'Notify, then wait',
    description: 'Sends a notification, then waits for the gate: the client must see the notification while it waits.',
    input: z.object({}),
    output: z.object({ released: z.boolean() }),
    annotations: readOnly,
    handler: async (_args, ctx) => {
      await ctx.mcp.mcpReq.notify({ method: 'notifications/message', params: { level: 'info', data: 'waiting' } });
      await new Promise<void>((resolve) => gate.waiting.push(resolve));
      return { released: true };
    },
  }),
  defineTool({
    name: 'notify_by_hand',
    title: 'Notify by hand',
    description: 'Sends a notification itself (not through log or progress) before answering: the answer becomes SSE.',
    input: z.object({}),
    output: z.object({ sent: z.boolean() }),
    annotations: readOnly,
    handler: async (_args, ctx) => {
      await ctx.mcp.mcpReq.notify({ method: 'notifications/message', params: { level: 'info', data: { by: 'hand' } } });
      return { sent: true };
    },
  }),
  defineTool({
    name: 'quota',
    title: 'Quota',
    description: 'Records an upstream rate limit as an upstream client does: the result carries it in _meta.',
    input: z.object({}),
    output: z.object({ ok: z.boolean() }),
    annotations: readOnly,
    handler: async () => {
      const request = currentRequestContext();
      if (request) request.rateLimit = { upstream: 'fake', remaining: 3, limit: 100 };
      return { ok: true };
    },
  }),
  defineTool({
    name: 'ask_raw',
    title: 'Ask (raw)',
    description: 'Returns an input_required result the client cannot answer (it declared no elicitation): a 400.',
    input: z.object({}),
    output: z.object({}).passthrough(),
    annotations: readOnly,
    handler: async () =>
      rawResult(inputRequired({ inputRequests: { q: inputRequired.elicit({ message: 'Sure?', requestedSchema: { type: 'object', properties: {} } }) } })),
  }),
  defineTool({
    name: 'raw_content',
    title: 'Raw content',
    description: 'Returns a protocol result as is.',
    input: z.object({}),
    output: z.object({}).passthrough(),
    annotations: readOnly,
    handler: async () => rawResult({ content: [{ type: 'text', text: 'plain' }] }),
  }),
  defineTool({
    name: 'big',
    title: 'Big',
    description: 'A result large enough to be handed out in blocks.',
    input: z.object({ bytes: z.number().int().min(1) }),
    output: z.object({ data: z.string() }),
    annotations: readOnly,
    largeResult: true,
    handler: async ({ bytes }) => ({ data: 'x'.repeat(bytes) }),
  }),
  defineTool({
    name: 'delete_thing',
    title: 'Delete a thing',
    description: 'Destructive, for the filters.',
    input: z.object({ id: z.string() }),
    output: z.object({ deleted: z.string() }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    handler: async ({ id }) => ({ deleted: id }),
  }),
];

/** A dynamic tool as the gateway federates them (JSON Schemas, a call function). */
const remoteSum: DynamicTool = {
  name: 'remote__sum',
  title: 'Sum',
  description: 'Adds two numbers on a "backend".',
  inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
  outputSchema: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] },
  annotations: { readOnlyHint: true },
  call: async (args) => {
    const sum = Number(args.a) + Number(args.b);
    return { content: [{ type: 'text', text: String(sum) }], structuredContent: { sum } };
  },
};

export function createDifferentialService(env: Record<string, string | undefined>, options: { dynamic?: boolean } = {}) {
  return createService(
    {
      name: 'differential',
      version: '3.2.1',
      tools,
      ...(options.dynamic && { toolSource: () => ({ list: () => [remoteSum], get: (name: string) => (name === remoteSum.name ? remoteSum : undefined) }) }),
    },
    { env: { LOG_LEVEL: 'silent', MCP_LARGE_RESULT_BYTES: '2048', MCP_BLOCK_BYTES: '1024', ...env } },
  );
}
