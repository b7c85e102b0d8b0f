import { createRequire } from 'node:module';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture } from '../backends/helpers.js';
import { httpBackend, startGateway } from './gateway-harness.js';

const FIXTURE_ENTRY = createRequire(import.meta.url).resolve('@mcp/conformance-fixture/dist/server.js');

let gateway: Awaited<ReturnType<typeof startGateway>>;
let fixture: Awaited<ReturnType<typeof startFixture>>;

beforeAll(async () => {
  fixture = await startFixture();
  gateway = await startGateway([
    httpBackend('fx', fixture.url),
    { name: 'fs', config: { command: process.execPath, args: [FIXTURE_ENTRY, '--stdio'], env: { LOG_LEVEL: 'warn' }, enabled: true }, source: 'file' },
  ]);
});

afterAll(async () => {
  await gateway?.close();
  await fixture?.close();
});

/** A client that answers elicitation and sampling, in either protocol generation. */
async function askingClient(modern: boolean) {
  const client = new Client(
    { name: modern ? 'modern' : 'legacy', version: '1' },
    { capabilities: { elicitation: { form: {} }, sampling: {} }, ...(modern && { versionNegotiation: { mode: { pin: '2026-07-28' } } }) },
  );
  client.setRequestHandler('elicitation/create', async () => ({ action: 'accept', content: { username: 'ada', email: 'ada@example.com' } }));
  client.setRequestHandler('sampling/createMessage', async () => ({
    model: 'test-model',
    role: 'assistant',
    content: { type: 'text', text: 'hello from the caller' },
  }));
  const logs: unknown[] = [];
  client.setNotificationHandler('notifications/message', (n) => void logs.push(n.params.data));
  await client.connect(new StreamableHTTPClientTransport(new URL(gateway.url)));
  return { client, logs };
}

const text = (r: { content?: unknown }) => (r.content as Array<{ type: string; text?: string }>).find((c) => c.type === 'text')?.text;

describe('questions and logs from backends reach the caller', () => {
  for (const modern of [false, true]) {
    const era = modern ? '2026-07-28' : '2025-era';
    it(`relays elicitation and sampling to a ${era} caller, over HTTP and stdio backends`, async () => {
      const { client } = await askingClient(modern);
      try {
        for (const ns of ['fx', 'fs']) {
          const elicited = await client.callTool({ name: `${ns}_test_elicitation`, arguments: { message: 'Who are you?' } });
          expect(elicited.isError, `${ns}: ${text(elicited)}`).toBeFalsy();
          expect(text(elicited)).toContain('ada@example.com');
          const sampled = await client.callTool({ name: `${ns}_test_sampling`, arguments: { prompt: 'Say hi' } });
          expect(text(sampled), ns).toBe('LLM response: hello from the caller');
        }
      } finally {
        await client.close();
      }
    });
  }

  it('relays log notifications of a call to its 2025-era caller', async () => {
    const { client, logs } = await askingClient(false);
    try {
      await client.setLoggingLevel('info');
      await client.callTool({ name: 'fx_test_tool_with_logging', arguments: {} });
      expect(logs).toEqual(['Tool execution started', 'Tool processing data', 'Tool execution completed']);
    } finally {
      await client.close();
    }
  });

  it('does not misdeliver when concurrent stdio calls ask at once (cannot be attributed)', async () => {
    const { client } = await askingClient(false);
    try {
      const results = await Promise.all([
        client.callTool({ name: 'fs_test_elicitation', arguments: { message: 'one' } }),
        client.callTool({ name: 'fs_test_elicitation', arguments: { message: 'two' } }),
      ]);
      // Either answered (one at a time reached the backend) or refused with a clear message; never crossed.
      for (const r of results) if (r.isError) expect(text(r)).toMatch(/cannot relay|elicitation/i);
    } finally {
      await client.close();
    }
  });
});
