import type Database from 'better-sqlite3';
import { StoreConflictError, StoreNotFoundError } from '../store/store.js';
import type { WorkflowTemplate } from './template-schema.js';
import { LeaseLostError, type NewRun, type RunQuery, type StepRecord, type StoredTemplate, type WorkflowRun, type WorkflowStore } from './workflow-store.js';

interface TemplateRow {
  name: string;
  template: string;
  version: number;
  created_at: string;
  updated_at: string;
}
interface RunRow {
  id: string;
  workflow: string;
  template: string;
  inputs: string;
  identity: string;
  status: WorkflowRun['status'];
  owner: string | null;
  lease_until: number | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}
interface StepRow {
  step_id: string;
  idx: number;
  status: StepRecord['status'];
  attempts: number;
  result: string | null;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

const T_COLS = 'name, template, version, created_at, updated_at';
const R_COLS = 'id, workflow, template, inputs, identity, status, owner, lease_until, error, created_at, updated_at, finished_at';
const S_COLS = 'step_id, idx, status, attempts, result, error, started_at, finished_at';

export class SqliteWorkflowStore implements WorkflowStore {
  constructor(private readonly db: Database.Database) {}

  async listTemplates(): Promise<StoredTemplate[]> {
    return (this.db.prepare(`SELECT ${T_COLS} FROM workflow_templates ORDER BY name`).all() as TemplateRow[]).map(toTemplate);
  }

  async getTemplate(name: string): Promise<StoredTemplate | undefined> {
    const row = this.db.prepare(`SELECT ${T_COLS} FROM workflow_templates WHERE name = ?`).get(name) as TemplateRow | undefined;
    return row && toTemplate(row);
  }

  async createTemplate(template: WorkflowTemplate): Promise<StoredTemplate> {
    const now = new Date().toISOString();
    const row = this.db
      .prepare(`INSERT INTO workflow_templates (${T_COLS}) VALUES (?, ?, 1, ?, ?) ON CONFLICT (name) DO NOTHING RETURNING ${T_COLS}`)
      .get(template.name, JSON.stringify(template), now, now) as TemplateRow | undefined;
    if (!row) throw new StoreConflictError(`A stored workflow named ${template.name} already exists`);
    return toTemplate(row);
  }

  async updateTemplate(template: WorkflowTemplate, expectedVersion?: number): Promise<StoredTemplate> {
    const row = this.db
      .prepare(
        `UPDATE workflow_templates SET template = ?, version = version + 1, updated_at = ? WHERE name = ? AND (? IS NULL OR version = ?) RETURNING ${T_COLS}`,
      )
      .get(JSON.stringify(template), new Date().toISOString(), template.name, expectedVersion ?? null, expectedVersion ?? null) as TemplateRow | undefined;
    if (row) return toTemplate(row);
    const current = await this.getTemplate(template.name);
    if (!current) throw new StoreNotFoundError(`No stored workflow named ${template.name}`);
    throw new StoreConflictError(`Workflow ${template.name} is at version ${current.version}, not ${expectedVersion}`);
  }

  async deleteTemplate(name: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM workflow_templates WHERE name = ?').run(name).changes > 0;
  }

  async createRun(run: NewRun): Promise<WorkflowRun> {
    const now = new Date().toISOString();
    this.db
      .prepare(`INSERT INTO workflow_runs (${R_COLS}) VALUES (?, ?, ?, ?, ?, 'running', ?, ?, NULL, ?, ?, NULL)`)
      .run(run.id, run.workflow, JSON.stringify(run.template), JSON.stringify(run.inputs), JSON.stringify(run.identity), run.owner, run.leaseUntil, now, now);
    return (await this.getRun(run.id))!;
  }

  async getRun(id: string): Promise<WorkflowRun | undefined> {
    const row = this.db.prepare(`SELECT ${R_COLS} FROM workflow_runs WHERE id = ?`).get(id) as RunRow | undefined;
    return row && this.withSteps(row);
  }

  async listRuns(query: RunQuery): Promise<WorkflowRun[]> {
    const rows = this.db
      .prepare(`SELECT ${R_COLS} FROM workflow_runs WHERE (? IS NULL OR status = ?) AND (? IS NULL OR workflow = ?) ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(query.status ?? null, query.status ?? null, query.workflow ?? null, query.workflow ?? null, query.limit ?? 100) as RunRow[];
    return rows.map((r) => this.withSteps(r));
  }

  async expiredRuns(now: number, limit: number): Promise<string[]> {
    const rows = this.db
      .prepare(`SELECT id FROM workflow_runs WHERE status = 'running' AND (lease_until IS NULL OR lease_until < ?) ORDER BY created_at LIMIT ?`)
      .all(now, limit) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async claimRun(id: string, owner: string, leaseUntil: number, now: number): Promise<boolean> {
    const info = this.db
      .prepare(
        `UPDATE workflow_runs SET owner = ?, lease_until = ? WHERE id = ? AND status = 'running' AND (owner IS NULL OR owner = ? OR lease_until IS NULL OR lease_until < ?)`,
      )
      .run(owner, leaseUntil, id, owner, now);
    return info.changes === 1;
  }

  async renewLeases(owner: string, ids: readonly string[], leaseUntil: number): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(`UPDATE workflow_runs SET lease_until = ? WHERE owner = ? AND status = 'running' AND id IN (SELECT value FROM json_each(?)) RETURNING id`)
      .all(leaseUntil, owner, JSON.stringify(ids)) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async checkpoint(runId: string, owner: string, step: StepRecord): Promise<void> {
    const write = this.db.transaction(() => {
      const bumped = this.db
        .prepare(`UPDATE workflow_runs SET updated_at = ? WHERE id = ? AND owner = ? AND status = 'running'`)
        .run(new Date().toISOString(), runId, owner);
      if (bumped.changes !== 1) throw new LeaseLostError(runId);
      this.db
        .prepare(
          `INSERT INTO workflow_steps (run_id, ${S_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, result = excluded.result,
             error = excluded.error, started_at = excluded.started_at, finished_at = excluded.finished_at`,
        )
        .run(
          runId,
          step.stepId,
          step.index,
          step.status,
          step.attempts,
          step.result === null || step.result === undefined ? null : JSON.stringify(step.result),
          step.error,
          step.startedAt,
          step.finishedAt,
        );
    });
    write();
  }

  async finishRun(runId: string, owner: string, status: 'succeeded' | 'failed', error: string | null): Promise<void> {
    const now = new Date().toISOString();
    const info = this.db
      .prepare(
        `UPDATE workflow_runs SET status = ?, error = ?, finished_at = ?, updated_at = ?, owner = NULL, lease_until = NULL WHERE id = ? AND owner = ? AND status = 'running'`,
      )
      .run(status, error, now, now, runId, owner);
    if (info.changes !== 1) throw new LeaseLostError(runId);
  }

  private withSteps(row: RunRow): WorkflowRun {
    const steps = (this.db.prepare(`SELECT ${S_COLS} FROM workflow_steps WHERE run_id = ? ORDER BY idx`).all(row.id) as StepRow[]).map((s) => ({
      stepId: s.step_id,
      index: s.idx,
      status: s.status,
      attempts: s.attempts,
      result: s.result === null ? null : (JSON.parse(s.result) as unknown),
      error: s.error,
      startedAt: s.started_at,
      finishedAt: s.finished_at,
    }));
    return {
      id: row.id,
      workflow: row.workflow,
      template: JSON.parse(row.template) as WorkflowTemplate,
      inputs: JSON.parse(row.inputs) as Record<string, unknown>,
      identity: JSON.parse(row.identity) as WorkflowRun['identity'],
      status: row.status,
      owner: row.owner,
      leaseUntil: row.lease_until,
      error: row.error,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      finishedAt: row.finished_at,
      steps,
    };
  }
}

function toTemplate(r: TemplateRow): StoredTemplate {
  return { name: r.name, template: JSON.parse(r.template) as WorkflowTemplate, version: r.version, createdAt: r.created_at, updatedAt: r.updated_at };
}
