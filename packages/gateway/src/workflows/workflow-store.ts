import type { GatewayPrincipal } from '../governance/scopes.js';
import type { KeyScopes } from '../governance/types.js';
import type { WorkflowTemplate } from './template-schema.js';

export type RunStatus = 'running' | 'succeeded' | 'failed';
export type StepStatus = 'running' | 'succeeded' | 'failed' | 'skipped';

/** Who started a run: the gateway principal, kept so resumed steps run with the same identity and scopes. */
export interface RunIdentity {
  id: string;
  name?: string;
  /** The gateway principal's kind, or 'admin' for runs started through the admin API. */
  kind: GatewayPrincipal['kind'] | 'admin';
  access: KeyScopes | 'full';
}

export interface StoredTemplate {
  name: string;
  template: WorkflowTemplate;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One step's checkpoint. */
export interface StepRecord {
  stepId: string;
  index: number;
  status: StepStatus;
  attempts: number;
  /** The tool's result (CallToolResult), redacted when the step is sensitive; null when skipped or failed. */
  result: unknown;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface WorkflowRun {
  id: string;
  workflow: string;
  template: WorkflowTemplate;
  inputs: Record<string, unknown>;
  identity: RunIdentity;
  status: RunStatus;
  owner: string | null;
  leaseUntil: number | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  steps: StepRecord[];
}

export interface NewRun {
  id: string;
  workflow: string;
  template: WorkflowTemplate;
  inputs: Record<string, unknown>;
  identity: RunIdentity;
  owner: string;
  leaseUntil: number;
}

export interface RunQuery {
  status?: RunStatus;
  workflow?: string;
  limit?: number;
}

/** Workflow tables on the gateway's store (both engines implement it; one contract test). */
export interface WorkflowStore {
  listTemplates(): Promise<StoredTemplate[]>;
  getTemplate(name: string): Promise<StoredTemplate | undefined>;
  /** StoreConflictError when the name exists. */
  createTemplate(template: WorkflowTemplate): Promise<StoredTemplate>;
  /** StoreNotFoundError when absent; StoreConflictError when `expectedVersion` is stale. */
  updateTemplate(template: WorkflowTemplate, expectedVersion?: number): Promise<StoredTemplate>;
  deleteTemplate(name: string): Promise<boolean>;

  /** Inserts a run already leased to its starter. */
  createRun(run: NewRun): Promise<WorkflowRun>;
  getRun(id: string): Promise<WorkflowRun | undefined>;
  /** Newest first. */
  listRuns(query: RunQuery): Promise<WorkflowRun[]>;
  /** Ids of running runs whose lease has expired at `now` (their owner died or stalled). */
  expiredRuns(now: number, limit: number): Promise<string[]>;
  /** Takes a running run whose lease expired (or that `owner` already holds): one atomic UPDATE, so one replica wins. */
  claimRun(id: string, owner: string, leaseUntil: number, now: number): Promise<boolean>;
  /**
   * Sets the lease of the given runs `owner` still holds; returns those ids.
   * Heartbeats extend it; `leaseUntil` 0 releases the runs for any replica (shutdown).
   */
  renewLeases(owner: string, ids: readonly string[], leaseUntil: number): Promise<string[]>;
  /**
   * Writes a step checkpoint and bumps the run, in ONE transaction, only while
   * `owner` holds the run (LeaseLostError otherwise, nothing written).
   */
  checkpoint(runId: string, owner: string, step: StepRecord): Promise<void>;
  /** Final status; only the lease holder may write it (LeaseLostError otherwise). Releases the lease. */
  finishRun(runId: string, owner: string, status: Exclude<RunStatus, 'running'>, error: string | null): Promise<void>;
}

/** The run was taken over by another replica (lease expired): stop driving it, write nothing. */
export class LeaseLostError extends Error {
  constructor(runId: string) {
    super(`workflow run ${runId} is no longer leased to this gateway (another replica took it over)`);
    this.name = 'LeaseLostError';
  }
}
