import { runConformance } from '@mcp/testing';
import { describe, expect, it } from 'vitest';
import { startFixture } from '../backends/helpers.js';
import { httpBackend, startGateway } from './gateway-harness.js';

function scenarioResults(output: string) {
  return [...output.matchAll(/^([✓✗]) (\S+): (\d+) passed, (\d+) failed$/gmu)].map((m) => ({ name: m[2] as string, failed: Number(m[4]) }));
}

describe('official MCP conformance suite through the federation', () => {
  it('passes every scenario against the gateway with the fixture mounted without prefix', { timeout: 240_000 }, async () => {
    const fixture = await startFixture();
    const gateway = await startGateway([httpBackend('fixture', fixture.url, { namespace: '' })]);
    try {
      const result = await runConformance({ url: gateway.url, suite: 'all', timeoutMs: 230_000 });
      const scenarios = scenarioResults(result.output);
      const failing = scenarios.filter((s) => s.failed > 0).map((s) => s.name);
      expect(failing, result.output).toEqual([]);
      // Every scenario the fixture passes directly (CLI 0.1.16: 32), including elicitation,
      // sampling and logging relayed from the backend and subscriptions forwarded to it.
      expect(scenarios.length, result.output).toBe(32);
      expect(result.failed, result.output).toBe(0);
    } finally {
      await gateway.close();
      await fixture.close();
    }
  });
});
