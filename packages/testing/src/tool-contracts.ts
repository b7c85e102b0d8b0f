import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectInProcess } from './in-process-client.js';
import type { TestableService } from './service-harness.js';

export interface ToolContractOptions {
  /** The service, built with whatever settings make it list every tool of `tools`. */
  service: TestableService;
  /** The service's tool array (src/tools/index.ts): what tools/list must show, exactly. */
  tools: ReadonlyArray<{ name: string }>;
  /** Runs after the service stopped, e.g. to delete its database file. */
  cleanup?: () => Promise<void> | void;
}

interface ListedTool {
  name: string;
  inputSchema: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
}

/**
 * The contract agents depend on: each tool's name, schemas and annotations as
 * tools/list shows them, one snapshot per tool, under describe('tool contracts').
 * A change shows in review as a snapshot diff; record an intended one with
 * `vitest run -u` and commit test/__snapshots__ (CI fails on a missing or
 * different snapshot).
 */
export function toolContractSnapshots(options: ToolContractOptions): void {
  let client: Client | undefined;
  let listed: ListedTool[] = [];

  describe('tool contracts', () => {
    beforeAll(async () => {
      client = await connectInProcess(options.service);
      listed = (await client.listTools()).tools;
    });
    afterAll(async () => {
      await client?.close();
      await options.service.stop();
      await options.cleanup?.();
    });

    it('tools/list shows exactly the tools of src/tools/index.ts', () => {
      expect(listed.map((t) => t.name).sort()).toEqual(options.tools.map((t) => t.name).sort());
    });

    it.each(options.tools.map((t) => t.name))('%s', (name) => {
      const tool = listed.find((t) => t.name === name);
      expect(tool).toBeDefined();
      expect({ name: tool?.name, inputSchema: tool?.inputSchema, outputSchema: tool?.outputSchema, annotations: tool?.annotations }).toMatchSnapshot();
    });
  });
}
