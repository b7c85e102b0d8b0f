import { randomUUID } from 'node:crypto';
import type { Logger, Principal } from '@mcp/runtime';
import * as z from 'zod';
import type { EventBus } from '../events/event-bus.js';
import type { StepCaller } from './step-caller.js';
import { EngineStoppedError, runStep } from './step-runner.js';
import type { TemplateCatalog } from './template-catalog.js';
import { inputsValidator } from './template-schema.js';
import type { TemplateScope } from './templating.js';
import { LeaseLostError, type RunIdentity, type RunQuery, type StepRecord, type WorkflowRun, type WorkflowStore } from './workflow-store.js';

export interface WorkflowEngineOptions {
  store: WorkflowStore;
  catalog: TemplateCatalog;
  call: StepCaller;
  events: EventBus;
  logger: Logger;
  /** How long a run stays leased without a heartbeat; a dead owner's runs resume after it. */
  leaseMs: number;
  defaultStepTimeoutMs: number;
  /** The principal a step runs as, re-checked before every step (a revoked key stops the run). */
  principalFor: (identity: RunIdentity) => Promise<Principal>;
}

/** Bad request for a run (unknown workflow, invalid inputs): shown to the caller as is. */
export class WorkflowInputError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'WorkflowInputError';
  }
}

interface Active {
  stop: AbortController;
  done: Promise<void>;
}

/**
 * Drives workflow runs with a checkpoint after every step. Each run is leased
 * to one engine (owner id, renewed every leaseMs/3); the sweeper claims
 * running runs whose lease expired — at start-up those of a dead gateway — and
 * resumes them at the first step not finished: finished steps never run again,
 * the interrupted one runs again (at-least-once for that one step).
 */
export class WorkflowEngine {
  readonly owner = `gw-${randomUUID()}`;
  private readonly active = new Map<string, Active>();
  private timers: NodeJS.Timeout[] = [];
  private closed = false;
  private readonly logger: Logger;

  constructor(private readonly options: WorkflowEngineOptions) {
    this.logger = options.logger.child({ component: 'workflows' });
  }

  /** Starts the heartbeat and the sweeper (first sweep now: resume what a previous process left). */
  start(): void {
    const heartbeat = setInterval(() => void this.heartbeat(), Math.max(50, Math.floor(this.options.leaseMs / 3)));
    const sweeper = setInterval(() => void this.sweep(), Math.max(100, Math.floor(this.options.leaseMs / 2)));
    heartbeat.unref();
    sweeper.unref();
    this.timers = [heartbeat, sweeper];
    void this.sweep();
  }

  async startRun(workflow: string, rawInputs: unknown, identity: RunIdentity): Promise<WorkflowRun> {
    if (this.closed) throw new WorkflowInputError('the gateway is shutting down; start the run again on a running replica');
    const entry = await this.options.catalog.get(workflow);
    if (!entry) throw new WorkflowInputError(`No workflow named ${workflow}; list_workflows shows the available ones.`);
    const parsed = inputsValidator(entry.template.inputs).safeParse(rawInputs ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `inputs${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`);
      throw new WorkflowInputError(`Invalid inputs for workflow ${workflow}: ${problems.join('; ')}`, problems);
    }
    const run = await this.options.store.createRun({
      id: randomUUID(),
      workflow,
      template: entry.template,
      inputs: parsed.data,
      identity,
      owner: this.owner,
      leaseUntil: Date.now() + this.options.leaseMs,
    });
    this.options.events.publish('workflow.started', { runId: run.id, workflow, identity: identity.id, resumed: false });
    this.drive(run);
    return run;
  }

  getRun(id: string): Promise<WorkflowRun | undefined> {
    return this.options.store.getRun(id);
  }

  listRuns(query: RunQuery): Promise<WorkflowRun[]> {
    return this.options.store.listRuns(query);
  }

  /** Waits until the run is no longer running, or `timeoutMs`; returns its latest state. */
  async waitFor(id: string, timeoutMs: number): Promise<WorkflowRun | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const local = this.active.get(id);
      if (local) await Promise.race([local.done, delay(Math.max(0, deadline - Date.now()))]);
      const run = await this.getRun(id);
      if (run?.status !== 'running') return run;
      if (!this.active.has(id)) await delay(Math.min(200, Math.max(0, deadline - Date.now())));
    }
    return this.getRun(id);
  }

  /** Stops driving runs and hands their leases back at once, so a restart or another replica resumes them without waiting. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    const ids = [...this.active.keys()];
    for (const a of this.active.values()) a.stop.abort();
    await Promise.allSettled([...this.active.values()].map((a) => a.done));
    await this.options.store.renewLeases(this.owner, ids, 0).catch((error: unknown) => this.logger.warn({ err: error }, 'could not release workflow leases'));
  }

  private async heartbeat(): Promise<void> {
    const ids = [...this.active.keys()];
    if (ids.length === 0) return;
    try {
      const held = new Set(await this.options.store.renewLeases(this.owner, ids, Date.now() + this.options.leaseMs));
      for (const id of ids) if (!held.has(id)) this.active.get(id)?.stop.abort(new LeaseLostError(id));
    } catch (error) {
      this.logger.warn({ err: error }, 'workflow lease heartbeat failed');
    }
  }

  private async sweep(): Promise<void> {
    if (this.closed) return;
    try {
      await this.options.catalog.refresh();
      const now = Date.now();
      for (const id of await this.options.store.expiredRuns(now, 50)) {
        if (this.active.has(id) || this.closed) continue;
        if (!(await this.options.store.claimRun(id, this.owner, Date.now() + this.options.leaseMs, now))) continue;
        const run = await this.options.store.getRun(id);
        if (!run) continue;
        this.logger.info({ runId: id, workflow: run.workflow, done: run.steps.filter((s) => s.finishedAt).length }, 'resuming workflow run');
        this.options.events.publish('workflow.started', { runId: id, workflow: run.workflow, identity: run.identity.id, resumed: true });
        this.drive(run);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'workflow sweep failed; retrying at the next interval');
    }
  }

  private drive(run: WorkflowRun): void {
    const stop = new AbortController();
    const done = this.execute(run, stop.signal)
      .catch((error: unknown) => {
        if (error instanceof EngineStoppedError || error instanceof LeaseLostError) {
          this.logger.info({ runId: run.id, reason: error.message }, 'workflow run left for resumption');
          return;
        }
        // A store outage mid-run: stop driving; the lease lapses (no heartbeat) and a sweep resumes the run.
        this.logger.error({ err: error, runId: run.id }, 'workflow run interrupted; it resumes once its lease lapses');
      })
      .finally(() => this.active.delete(run.id));
    this.active.set(run.id, { stop, done });
  }

  private async execute(run: WorkflowRun, stop: AbortSignal): Promise<void> {
    const { store, events } = this.options;
    const scope: TemplateScope = { inputs: run.inputs, steps: {}, run: { id: run.id, workflow: run.workflow } };
    const finish = async (status: 'succeeded' | 'failed', error: string | null) => {
      await store.finishRun(run.id, this.owner, status, error);
      events.publish('workflow.finished', { runId: run.id, workflow: run.workflow, status, ...(error && { error }) });
    };
    for (const [index, step] of run.template.steps.entries()) {
      const previous = run.steps.find((s) => s.stepId === step.id);
      if (previous && (previous.status === 'succeeded' || previous.status === 'skipped')) {
        scope.steps[step.id] = { status: previous.status, result: previous.result, attempts: previous.attempts };
        continue;
      }
      if (previous?.status === 'failed') return finish('failed', `step ${step.id} failed: ${previous.error}`);
      if (stop.aborted) throw new EngineStoppedError();
      const principal = await this.options.principalFor(run.identity).catch((error: Error) => error);
      if (principal instanceof Error) return finish('failed', `step ${step.id} not run: ${principal.message}`);
      const startedAt = new Date().toISOString();
      const priorAttempts = previous?.attempts ?? 0;
      // Marked running before each attempt: a crash now leaves this as the first unfinished step, its attempts counted.
      const running = (attempts: number) =>
        store.checkpoint(run.id, this.owner, { stepId: step.id, index, status: 'running', attempts, result: null, error: null, startedAt, finishedAt: null });
      await running(priorAttempts);
      events.publish('workflow.step', { runId: run.id, workflow: run.workflow, step: step.id, tool: step.tool, status: 'running' });
      const outcome = await runStep({
        step,
        scope,
        call: this.options.call,
        principal,
        stop,
        defaultTimeoutMs: this.options.defaultStepTimeoutMs,
        requestId: `wf-${run.id}-${step.id}`,
        priorAttempts,
        onAttempt: running,
      });
      const record: StepRecord = {
        stepId: step.id,
        index,
        status: outcome.status,
        attempts: outcome.attempts,
        result: outcome.stored,
        error: outcome.error,
        startedAt,
        finishedAt: new Date().toISOString(),
      };
      await store.checkpoint(run.id, this.owner, record);
      events.publish('workflow.step', {
        runId: run.id,
        workflow: run.workflow,
        step: step.id,
        tool: step.tool,
        status: outcome.status,
        attempts: outcome.attempts,
        ...(outcome.error && { error: outcome.error }),
      });
      if (outcome.status === 'failed') return finish('failed', `step ${step.id} failed: ${outcome.error}`);
      scope.steps[step.id] = { status: outcome.status, result: outcome.live, attempts: outcome.attempts };
    }
    return finish('succeeded', null);
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Query of GET /api/v1/workflows/runs. */
export const runQuerySchema = z.object({
  status: z.enum(['running', 'succeeded', 'failed']).optional(),
  workflow: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
