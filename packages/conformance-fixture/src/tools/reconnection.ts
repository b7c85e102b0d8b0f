import { defineTool, withContent } from '@mcp/runtime';
import * as z from 'zod';
import { sleep } from '../sleep.js';

const TEXT = 'Reconnection test completed successfully. If you received this, the client properly reconnected after stream closure.';

export const reconnection = defineTool({
  name: 'test_reconnection',
  title: 'Reconnection',
  description:
    'Conformance fixture (server-sse-polling, SEP-1699): closes the call’s SSE stream mid-call when the transport supports resumption, then answers after a short pause.',
  input: z.object({}),
  output: z.object({ streamClosed: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async (_args, ctx) => {
    // closeSSE exists only on 2025-era transports with an event store (resumable streams).
    const close = ctx.mcp.http?.closeSSE;
    close?.();
    await sleep(100, ctx.signal);
    return withContent({ streamClosed: close !== undefined }, [{ type: 'text', text: TEXT }]);
  },
});
