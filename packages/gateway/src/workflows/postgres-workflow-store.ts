import type pg from 'pg';
import { StoreConflictError, StoreNotFoundError } from '../store/store.js';
import type { WorkflowTemplate } from './template-schema.js';
import { LeaseLostError, type NewRun, type RunQuery, type StepRecord, type StoredTemplate, type WorkflowRun, type WorkflowStore } from './workflow-store.js';

interface TemplateRow {
  name: string;
  template: WorkflowTemplate;
  version: number;
  created_at: Date;
  updated_at: Date;
}
interface RunRow {
  id: string;
  workflow: string;
  template: WorkflowTemplate;
  inputs: Record<string, unknown>;
  identity: WorkflowRun['identity'];
  status: WorkflowRun['status'];
  owner: string | null;
  /** BIGINT arrives as a string. */
  lease_until: string | null;
  error: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}
interface StepRow {
  run_id: string;
  step_id: string;
  idx: number;
  status: StepRecord['status'];
  attempts: number;
  result: unknown;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

const T_COLS = 'name, template, version, created_at, updated_at';
const R_COLS = 'id, workflow, template, inputs, identity, status, owner, lease_until, error, created_at, updated_at, finished_at';
const S_COLS = 'run_id, step_id, idx, status, attempts, result, error, started_at, finished_at';

export class PostgresWorkflowStore implements WorkflowStore {
  constructor(private readonly pool: pg.Pool) {}

  async listTemplates(): Promise<StoredTemplate[]> {
    const { rows } = await this.pool.query<TemplateRow>(`SELECT ${T_COLS} FROM workflow_templates ORDER BY name`);
    return rows.map(toTemplate);
  }

  async getTemplate(name: string): Promise<StoredTemplate | undefined> {
    const { rows } = await this.pool.query<TemplateRow>(`SELECT ${T_COLS} FROM workflow_templates WHERE name = $1`, [name]);
    return rows[0] && toTemplate(rows[0]);
  }

  async createTemplate(template: WorkflowTemplate): Promise<StoredTemplate> {
    const { rows } = await this.pool.query<TemplateRow>(
      `INSERT INTO workflow_templates (${T_COLS}) VALUES ($1, $2::json, 1, now(), now()) ON CONFLICT (name) DO NOTHING RETURNING ${T_COLS}`,
      [template.name, JSON.stringify(template)],
    );
    if (!rows[0]) throw new StoreConflictError(`A stored workflow named ${template.name} already exists`);
    return toTemplate(rows[0]);
  }

  async updateTemplate(template: WorkflowTemplate, expectedVersion?: number): Promise<StoredTemplate> {
    const { rows } = await this.pool.query<TemplateRow>(
      `UPDATE workflow_templates SET template = $2::json, version = version + 1, updated_at = now()
       WHERE name = $1 AND ($3::int IS NULL OR version = $3::int) RETURNING ${T_COLS}`,
      [template.name, JSON.stringify(template), expectedVersion ?? null],
    );
    if (rows[0]) return toTemplate(rows[0]);
    const current = await this.getTemplate(template.name);
    if (!current) throw new StoreNotFoundError(`No stored workflow named ${template.name}`);
    throw new StoreConflictError(`Workflow ${template.name} is at version ${current.version}, not ${expectedVersion}`);
  }

  async deleteTemplate(name: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM workflow_templates WHERE name = $1', [name]);
    return (result.rowCount ?? 0) > 0;
  }

  async createRun(run: NewRun): Promise<WorkflowRun> {
    const { rows } = await this.pool.query<RunRow>(
      `INSERT INTO workflow_runs (${R_COLS}) VALUES ($1, $2, $3::json, $4::json, $5::json, 'running', $6, $7, NULL, now(), now(), NULL) RETURNING ${R_COLS}`,
      [run.id, run.workflow, JSON.stringify(run.template), JSON.stringify(run.inputs), JSON.stringify(run.identity), run.owner, run.leaseUntil],
    );
    return toRun(rows[0]!, []);
  }

  async getRun(id: string): Promise<WorkflowRun | undefined> {
    return (await this.withSteps(await this.pool.query<RunRow>(`SELECT ${R_COLS} FROM workflow_runs WHERE id = $1`, [id])))[0];
  }

  async listRuns(query: RunQuery): Promise<WorkflowRun[]> {
    return this.withSteps(
      await this.pool.query<RunRow>(
        `SELECT ${R_COLS} FROM workflow_runs WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR workflow = $2)
         ORDER BY created_at DESC, id DESC LIMIT $3`,
        [query.status ?? null, query.workflow ?? null, query.limit ?? 100],
      ),
    );
  }

  async expiredRuns(now: number, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM workflow_runs WHERE status = 'running' AND (lease_until IS NULL OR lease_until < $1) ORDER BY created_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }

  async claimRun(id: string, owner: string, leaseUntil: number, now: number): Promise<boolean> {
    // One statement: under READ COMMITTED the second of two concurrent
    // claimers re-checks the WHERE on the updated row and matches nothing.
    const result = await this.pool.query(
      `UPDATE workflow_runs SET owner = $2, lease_until = $3 WHERE id = $1 AND status = 'running'
       AND (owner IS NULL OR owner = $2 OR lease_until IS NULL OR lease_until < $4)`,
      [id, owner, leaseUntil, now],
    );
    return result.rowCount === 1;
  }

  async renewLeases(owner: string, ids: readonly string[], leaseUntil: number): Promise<string[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<{ id: string }>(
      `UPDATE workflow_runs SET lease_until = $2 WHERE owner = $1 AND status = 'running' AND id = ANY($3::text[]) RETURNING id`,
      [owner, leaseUntil, [...ids]],
    );
    return rows.map((r) => r.id);
  }

  async checkpoint(runId: string, owner: string, step: StepRecord): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const bumped = await client.query(`UPDATE workflow_runs SET updated_at = now() WHERE id = $1 AND owner = $2 AND status = 'running'`, [runId, owner]);
      if (bumped.rowCount !== 1) throw new LeaseLostError(runId);
      await client.query(
        `INSERT INTO workflow_steps (${S_COLS}) VALUES ($1, $2, $3, $4, $5, $6::json, $7, $8::timestamptz, $9::timestamptz)
         ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, result = excluded.result,
           error = excluded.error, started_at = excluded.started_at, finished_at = excluded.finished_at`,
        [
          runId,
          step.stepId,
          step.index,
          step.status,
          step.attempts,
          step.result === null || step.result === undefined ? null : JSON.stringify(step.result),
          step.error,
          step.startedAt,
          step.finishedAt,
        ],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async finishRun(runId: string, owner: string, status: 'succeeded' | 'failed', error: string | null): Promise<void> {
    const result = await this.pool.query(
      `UPDATE workflow_runs SET status = $3, error = $4, finished_at = now(), updated_at = now(), owner = NULL, lease_until = NULL
       WHERE id = $1 AND owner = $2 AND status = 'running'`,
      [runId, owner, status, error],
    );
    if (result.rowCount !== 1) throw new LeaseLostError(runId);
  }

  private async withSteps(result: pg.QueryResult<RunRow>): Promise<WorkflowRun[]> {
    if (result.rows.length === 0) return [];
    const ids = result.rows.map((r) => r.id);
    const { rows } = await this.pool.query<StepRow>(`SELECT ${S_COLS} FROM workflow_steps WHERE run_id = ANY($1::text[]) ORDER BY idx`, [ids]);
    return result.rows.map((r) =>
      toRun(
        r,
        rows.filter((s) => s.run_id === r.id),
      ),
    );
  }
}

function toTemplate(r: TemplateRow): StoredTemplate {
  return { name: r.name, template: r.template, version: r.version, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString() };
}

function toRun(r: RunRow, steps: StepRow[]): WorkflowRun {
  return {
    id: r.id,
    workflow: r.workflow,
    template: r.template,
    inputs: r.inputs,
    identity: r.identity,
    status: r.status,
    owner: r.owner,
    leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
    error: r.error,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    steps: steps.map((s) => ({
      stepId: s.step_id,
      index: s.idx,
      status: s.status,
      attempts: s.attempts,
      result: s.result,
      error: s.error,
      startedAt: s.started_at.toISOString(),
      finishedAt: s.finished_at?.toISOString() ?? null,
    })),
  };
}
