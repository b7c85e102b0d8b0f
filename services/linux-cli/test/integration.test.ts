import { serviceOverHttpSuite } from '@mcp/testing';
import { describe, expect } from 'vitest';
import { createLinuxCliService } from '../src/server.js';
import { makeFixture, testEnv } from './harness.js';

/** The service over real HTTP on loopback, as agents and the gateway reach it. */
describe('linux-cli over HTTP on 127.0.0.1', () => {
  serviceOverHttpSuite({
    name: 'linux-cli',
    upstream: () => {
      const fixture = makeFixture();
      return { ...fixture, close: fixture.cleanup };
    },
    createService: (fixture) => createLinuxCliService(testEnv(fixture)),
    modern: async (client) => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['health_check', 'run_command', 'write_file']));
      expect((await client.callTool({ name: 'health_check', arguments: {} })).structuredContent).toMatchObject({ ok: true });
      const run = await client.callTool({ name: 'run_command', arguments: { command: 'wc -l notes.txt' } });
      expect(run.structuredContent).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^3 notes\.txt/) });
      const refused = await client.callTool({ name: 'run_command', arguments: { command: 'rm -rf /' } });
      expect(refused.isError).toBe(true);
    },
    legacy: async (client) => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('health_check');
    },
    serving: { metrics: [{ metric: 'mcp_tool_calls_total', labels: { tool: 'health_check' } }] },
  });
});
