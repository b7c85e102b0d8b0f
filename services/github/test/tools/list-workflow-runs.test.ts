import { afterEach, describe, expect, it } from 'vitest';
import { call, type Harness, startHarness } from '../harness.js';
import { workflowRuns } from '../fixtures.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const RUNS = '/repos/octo-org/octo-repo/actions/runs';

describe('list_workflow_runs', () => {
  it('lists runs filtered by branch and status', async () => {
    harness = await startHarness({ routes: (app) => app.get(RUNS, (c) => c.json(workflowRuns)) });
    const result = await call(harness, 'list_workflow_runs', { owner: 'octo-org', repo: 'octo-repo', branch: 'master', status: 'failure', per_page: 5 });
    expect(result.isError).toBe(false);
    expect(result.data).toEqual({
      total_count: 1,
      page: 1,
      runs: [
        {
          id: 30433642,
          name: 'Build',
          display_title: 'Update README.md',
          head_branch: 'master',
          head_sha: 'acb5820ced9479c074f688cc328bf03f341a511d',
          event: 'push',
          status: 'queued',
          conclusion: null,
          run_number: 562,
          run_attempt: 1,
          workflow_id: 159038,
          actor: 'octocat',
          html_url: 'https://github.com/octo-org/octo-repo/actions/runs/30433642',
          created_at: '2020-01-22T19:33:08Z',
          updated_at: '2020-01-22T19:33:08Z',
          run_started_at: '2020-01-22T19:33:08Z',
        },
      ],
    });
    expect(result.text).toContain('Build #562 on master: queued');
    expect(harness.upstream.requests[0]?.query).toEqual({ branch: 'master', status: 'failure', per_page: '5', page: '1' });
  });

  it('a 503 is reported with the status, once (Octokit does not retry)', async () => {
    harness = await startHarness({ routes: (app) => app.get(RUNS, (c) => c.json({ message: 'Service Unavailable' }, 503)) });
    const result = await call(harness, 'list_workflow_runs', { repo: 'octo-org/octo-repo' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('GitHub answered 503');
    expect(harness.upstream.requests).toHaveLength(1);
  });

  it("repeated 5xx open the runtime's circuit breaker; later calls fail fast without reaching GitHub", async () => {
    harness = await startHarness({ routes: (app) => app.get(RUNS, (c) => c.json({ message: 'Server Error' }, 500)) });
    for (let i = 0; i < 5; i += 1) await call(harness, 'list_workflow_runs', { repo: 'octo-org/octo-repo' });
    const before = harness.upstream.requests.length;
    const result = await call(harness, 'list_workflow_runs', { repo: 'octo-org/octo-repo' });
    expect(result.text).toContain('circuit breaker is open');
    expect(result._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'upstream_unavailable' });
    expect(harness.upstream.requests.length).toBe(before);
  });
});
