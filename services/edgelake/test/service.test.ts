import { healthOf, serviceContractSuite } from '@mcp/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createEdgelakeService } from '../src/server.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('edgelake service', () => {
  serviceContractSuite({
    createService: createEdgelakeService,
    startHarness: (env) => startHarness({ env }),
    healthy: {
      title: 'is healthy against a running node, the probe naming it',
      check: (body) => expect(body.components.upstream_probe?.metadata).toMatchObject({ circuit: 'closed', node: 'edgelake-query' }),
    },
    missingConfig: {
      title: 'half-configured basic auth starts degraded naming the missing variable',
      env: { EDGELAKE_USERNAME: 'ops' },
      mentions: ['EDGELAKE_PASSWORD'],
      tools: [{ name: 'list_databases' }],
      toolMentions: 'EDGELAKE_PASSWORD',
    },
    invalidSettings: [
      { name: 'EDGELAKE_DEFAULT_DBMS', value: 'bad name', error: /^Invalid configuration: EDGELAKE_DEFAULT_DBMS is invalid/ },
      { name: 'EDGELAKE_TIMEOUT_MS', value: 'soon', error: /^Invalid configuration: EDGELAKE_TIMEOUT_MS is invalid/ },
    ],
    readOnly: {
      title: 'every tool is read-only, so EDGELAKE_READ_ONLY keeps them all',
      env: { EDGELAKE_READ_ONLY: 'true' },
      count: 8,
      every: { readOnlyHint: true, destructiveHint: false },
    },
  });

  it('a node that does not report itself running makes health degraded', async () => {
    h = await startHarness({
      node: {
        routes: (app) =>
          app.get('/', async (c, next) =>
            c.req.header('command') === 'get status' ? c.json({ Status: 'edgelake-query@127.0.0.1:32348 not running' }) : next(),
          ),
      },
    });
    const { body } = await healthOf(h.service);
    expect(body.components.upstream_probe).toMatchObject({ status: 'degraded', message: 'node reports: edgelake-query@127.0.0.1:32348 not running' });
    expect((await h.call('health_check')).structuredContent).toMatchObject({ ok: false });
  });
});
