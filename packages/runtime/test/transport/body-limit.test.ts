import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { createDifferentialService } from './fast-path-service.js';

/**
 * The body limit decides from Content-Length when there is one (without
 * touching the body) and counts bytes for chunked bodies: both must refuse a
 * body over MCP_MAX_BODY_BYTES with 413 and serve one under it.
 */
const LIMIT = 4096;
const service = createDifferentialService({ MCP_MAX_BODY_BYTES: String(LIMIT) });
let server: RunningServer;

beforeAll(async () => {
  server = await service.start({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await service.stop();
});

function echoBody(text: string): string {
  const meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  return JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'echo', arguments: { text }, _meta: meta } });
}

/** POSTs the body in chunks (Transfer-Encoding: chunked) or with a Content-Length. */
function post(body: string, chunked: boolean): Promise<{ status: number; text: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2026-07-28',
          'mcp-method': 'tools/call',
          'mcp-name': 'echo',
          ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(Buffer.byteLength(body)) }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    for (let i = 0; i < body.length; i += 1000) req.write(body.slice(i, i + 1000));
    req.end();
  });
}

describe('request body limit', () => {
  for (const chunked of [false, true]) {
    const how = chunked ? 'chunked' : 'with Content-Length';
    it(`serves a body under the limit (${how})`, async () => {
      const res = await post(echoBody('y'.repeat(LIMIT / 2)), chunked);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text).result.structuredContent).toEqual({ text: 'y'.repeat(LIMIT / 2) });
    });

    it(`refuses a body over the limit with 413 (${how})`, async () => {
      const res = await post(echoBody('z'.repeat(LIMIT * 2)), chunked);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.text).error.message).toMatch(`limit is ${LIMIT} bytes`);
    });
  }
});
