/**
 * `tools/list` across many backends from a warm gateway (issue 5): the
 * gateway federates the servers of servers/many-backends.mjs; once it lists
 * every backend's tools, `calls` sequential `tools/list` requests (the SDK v2
 * client's own request shape, 2026-07-28) are timed from send to the last
 * byte, over one keep-alive connection, after a warm-up.
 */
import http from 'node:http';
import { sleep } from './proc.mjs';

/** The captured tools/call template turned into the same client's tools/list. */
export function toolsListRequest(template) {
  const message = { ...template.message, id: 0, method: 'tools/list', params: { _meta: template.message.params._meta } };
  const { 'mcp-name': _, ...headers } = template.headers;
  return { headers: { ...headers, 'mcp-method': 'tools/list' }, message };
}

function post(agent, url, headers, body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          contentType: res.headers['content-type'] ?? '',
          text: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - started,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function parse(res) {
  if (res.status !== 200) throw new Error(`tools/list: HTTP ${res.status}: ${res.text.slice(0, 300)}`);
  if (!res.contentType.includes('text/event-stream')) return JSON.parse(res.text);
  const data = res.text
    .split('\n')
    .filter((l) => l.startsWith('data:'))
    .map((l) => l.slice(5).trim())
    .find((l) => l.includes('"result"'));
  return JSON.parse(data ?? 'null');
}

export async function measureToolsList(mcpUrl, template, { expected, calls = 200, warmup = 20, readyTimeoutMs = 60_000 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const { headers, message } = toolsListRequest(template);
  let id = 1;
  const once = async () => {
    const res = await post(agent, mcpUrl, headers, JSON.stringify({ ...message, id: id++ }));
    const json = parse(res);
    if (!Array.isArray(json?.result?.tools)) throw new Error(`tools/list: unexpected answer ${res.text.slice(0, 300)}`);
    return { ms: res.ms, tools: json.result.tools.length, bytes: Buffer.byteLength(res.text) };
  };
  // Warm: every backend connected and listed (the gateway lists healthy backends only).
  const deadline = performance.now() + readyTimeoutMs;
  let seen = 0;
  const readyFrom = performance.now();
  for (;;) {
    seen = (await once()).tools;
    if (seen === expected) break;
    if (performance.now() > deadline) throw new Error(`tools/list: ${seen} tools after ${readyTimeoutMs} ms, expected ${expected}`);
    await sleep(100);
  }
  const readyMs = performance.now() - readyFrom;
  for (let i = 0; i < warmup; i++) await once();
  const times = [];
  let bytes = 0;
  for (let i = 0; i < calls; i++) {
    const r = await once();
    if (r.tools !== expected) throw new Error(`tools/list: ${r.tools} tools, expected ${expected}`);
    times.push(r.ms);
    bytes = r.bytes;
  }
  agent.destroy();
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  const round = (v) => Math.round(v * 100) / 100;
  return {
    calls,
    tools: expected,
    bytes,
    readyMs: round(readyMs),
    p50Ms: round(at(0.5)),
    p95Ms: round(at(0.95)),
    maxMs: round(times[times.length - 1]),
    minMs: round(times[0]),
  };
}
