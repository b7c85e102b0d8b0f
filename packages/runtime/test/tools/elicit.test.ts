import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { AuthenticationError, createService, defineTool, ElicitationUnavailableError, type RunningServer } from '../../src/index.js';

const outcomes: string[] = [];

/** Asks the caller to confirm, in whichever way its protocol generation allows. */
const confirm = defineTool({
  name: 'confirm',
  title: 'Confirm',
  description: 'Asks the caller to confirm and returns the answer.',
  input: z.object({ what: z.string() }),
  output: z.object({ action: z.string(), ok: z.boolean().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async ({ what }, ctx) => {
    try {
      const answer = await ctx.elicit!(
        { message: `Really ${what}?`, requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } },
        { key: 'confirm', timeoutMs: 5_000 },
      );
      outcomes.push(answer.action);
      return { action: answer.action, ...(typeof answer.content?.ok === 'boolean' && { ok: answer.content.ok }) };
    } catch (error) {
      if (error instanceof ElicitationUnavailableError) return { action: 'unavailable' };
      throw error;
    }
  },
});

let service: ReturnType<typeof createService>;
let server: RunningServer;
beforeAll(async () => {
  service = createService(
    {
      name: 'elicit-test',
      version: '0.0.0',
      tools: [confirm],
      // The generic refusal hook: an authenticator may answer with its own status and challenge.
      authenticate: (request) => {
        const auth = request.headers.get('authorization');
        if (auth === 'Bearer down') throw new AuthenticationError('Service Unavailable: cannot check tokens now.', { status: 503, retryAfterSeconds: 7 });
        if (auth !== 'Bearer ok')
          throw new AuthenticationError('Unauthorized: bad token.', { challenge: 'Bearer resource_metadata="https://x.test/prm", error="invalid_token"' });
        return { id: 'tester' };
      },
    },
    { env: { LOG_LEVEL: 'silent' } },
  );
  server = await service.start({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => service?.stop());

async function connect(protocol: 'modern' | 'legacy', answer?: { action: 'accept' | 'decline'; content?: Record<string, boolean> }) {
  const client = new Client(
    { name: 't', version: '1' },
    { ...(answer && { capabilities: { elicitation: { form: {} } } }), ...(protocol === 'modern' && { versionNegotiation: { mode: { pin: '2026-07-28' } } }) },
  );
  if (answer) client.setRequestHandler('elicitation/create', async () => answer);
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { authorization: 'Bearer ok' } } }));
  return client;
}

describe('ctx.elicit', () => {
  for (const protocol of ['modern', 'legacy'] as const) {
    it(`${protocol}: the client's answer reaches the handler (accept and decline)`, async () => {
      const yes = await connect(protocol, { action: 'accept', content: { ok: true } });
      expect((await yes.callTool({ name: 'confirm', arguments: { what: 'deploy' } })).structuredContent).toEqual({ action: 'accept', ok: true });
      await yes.close();
      const no = await connect(protocol, { action: 'decline' });
      expect((await no.callTool({ name: 'confirm', arguments: { what: 'deploy' } })).structuredContent).toEqual({ action: 'decline' });
      await no.close();
    });

    it(`${protocol}: a client without the capability gets ElicitationUnavailableError in the handler`, async () => {
      const plain = await connect(protocol);
      expect((await plain.callTool({ name: 'confirm', arguments: { what: 'deploy' } })).structuredContent).toEqual({ action: 'unavailable' });
      await plain.close();
    });
  }

  it('2026-07-28: the first round answers input_required naming the key; the retry carries the answer', async () => {
    const client = new Client(
      { name: 'manual', version: '1' },
      { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: { pin: '2026-07-28' } }, inputRequired: { autoFulfill: false } },
    );
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { authorization: 'Bearer ok' } } }));
    const first = (await client.callTool({ name: 'confirm', arguments: { what: 'drop' } }, { allowInputRequired: true } as never)) as unknown as Record<
      string,
      unknown
    >;
    expect(first.resultType).toBe('input_required');
    const requests = first.inputRequests as Record<string, { method: string; params: { message: string } }>;
    expect(Object.keys(requests)).toEqual(['confirm']);
    expect(requests.confirm!.method).toBe('elicitation/create');
    expect(requests.confirm!.params.message).toBe('Really drop?');
    await client.close();
  });
});

describe('AuthenticationError from an authenticator', () => {
  const post = (authorization: string) =>
    fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' });

  it('answers 401 with the authenticator’s own challenge and message', async () => {
    const res = await post('Bearer bad');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer resource_metadata="https://x.test/prm", error="invalid_token"');
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('Unauthorized: bad token.');
  });

  it('answers 503 with Retry-After and no challenge when it cannot check credentials', async () => {
    const res = await post('Bearer down');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('www-authenticate')).toBeNull();
  });
});
