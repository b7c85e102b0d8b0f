import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../dist/server.js', import.meta.url));

function startProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; stdout: () => string }> {
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (d) => {
      err += d;
      const m = /ready at (http:\/\/\S+)/.exec(err);
      if (m?.[1]) resolve({ child, url: m[1], stdout: () => out });
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

describe('the built service as a process', () => {
  it('prints its URL, serves, and on SIGTERM drains an in-flight call then exits 0', async () => {
    const { child, url, stdout } = await startProcess({ MCP_SHUTDOWN_DRAIN_MS: '5000' });
    const started = Date.now();
    const inflight = fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'tools/call',
        'mcp-name': 'generate_sample',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: {
          name: 'generate_sample',
          arguments: { rows: 200000 },
          _meta: {
            'io.modelcontextprotocol/protocolVersion': '2026-07-28',
            'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' },
            'io.modelcontextprotocol/clientCapabilities': {},
          },
        },
      }),
    });
    await new Promise((r) => setTimeout(r, 50));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const res = await inflight;
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.result.structuredContent.truncated).toBe(true);
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stdout()).toMatch(/"msg":"shutdown complete"/);
  });

  it('exits 1 with one line naming a bad variable', async () => {
    const child = spawn(process.execPath, [entry], { env: { ...process.env, PORT: 'abc' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr?.on('data', (d) => {
      err += d;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/PORT is invalid/);
  });

  it('serves MCP over stdio with --stdio (logs on stderr, protocol on stdout)', async () => {
    const client = new Client({ name: 'stdio-test', version: '1' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [entry, '--stdio'],
        env: { ...process.env, LOG_LEVEL: 'info' } as Record<string, string>,
        stderr: 'ignore',
      }),
    );
    const r = await client.callTool({ name: 'hash_text', arguments: { text: 'abc', algorithm: 'md5' } });
    expect(r.structuredContent).toMatchObject({ hex: '900150983cd24fb0d6963f7d28e17f72' });
    await client.close();
  });
});
