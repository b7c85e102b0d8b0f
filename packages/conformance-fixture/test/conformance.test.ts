import { runConformance } from '@mcp/testing';
import { describe, expect, it } from 'vitest';
import { createConformanceFixture } from '../src/server.js';

/** What `conformance list --server` prints for CLI 0.1.16; a new CLI version must update this on purpose. */
const EXPECTED_SCENARIOS = 32;

/** The CLI's summary lines: `✓ name: N passed, M failed` (✗ when M > 0). */
function scenarioResults(output: string) {
  return [...output.matchAll(/^([✓✗]) (\S+): (\d+) passed, (\d+) failed$/gmu)].map((m) => ({ name: m[2], failed: Number(m[4]) }));
}

describe('official MCP conformance suite (@modelcontextprotocol/conformance server --suite all)', () => {
  it('passes every scenario against the fixture over real HTTP', { timeout: 240_000 }, async () => {
    const service = createConformanceFixture({ LOG_LEVEL: 'silent' });
    // Loopback: the dns-rebinding scenario only accepts localhost URLs.
    const server = await service.start({ port: 0, host: '127.0.0.1' });
    try {
      const result = await runConformance({ url: server.url, suite: 'all', timeoutMs: 230_000 });
      const scenarios = scenarioResults(result.output);
      const failing = scenarios.filter((s) => s.failed > 0).map((s) => s.name);
      expect(failing, result.output).toEqual([]);
      expect(scenarios.length, result.output).toBe(EXPECTED_SCENARIOS);
      expect(result.failed, result.output).toBe(0);
      expect(result.exitCode, result.output).toBe(0);
    } finally {
      await service.stop();
    }
  });
});
