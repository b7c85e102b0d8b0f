import { type CallToolResult, currentRequestContext, type DynamicTool, type ToolSource } from '@mcp/runtime';
import * as z from 'zod';
import { isGatewayPrincipal } from '../governance/scopes.js';
import { type WorkflowEngine, WorkflowInputError } from './engine.js';
import type { TemplateCatalog } from './template-catalog.js';
import { inputsJsonSchema, WORKFLOW_NAME } from './template-schema.js';
import type { RunIdentity, WorkflowRun } from './workflow-store.js';

/** The scope namespace of the gateway's own workflow tools (a key limited to namespaces needs "workflows"). */
export const WORKFLOW_NAMESPACE = 'workflows';
/** Longest a run_workflow call waits: below the default MCP_TOOL_TIMEOUT_MS (60 s), so the call itself never times out first. */
export const MAX_WAIT_MS = 50_000;

const runInput = z.strictObject({
  workflow: z.string().regex(WORKFLOW_NAME).describe('Name of the workflow (see list_workflows)'),
  inputs: z.record(z.string(), z.unknown()).default({}).describe("The workflow's inputs, as its inputSchema describes"),
  wait: z.boolean().default(false).describe('Wait for the run to finish (up to waitMs) before answering'),
  waitMs: z.number().int().min(1).max(MAX_WAIT_MS).default(30_000),
});
const getInput = z.strictObject({ runId: z.string().min(1).max(100).describe('Id returned by run_workflow') });
const listInput = z.strictObject({});

const stepView = z.object({
  id: z.string(),
  status: z.string(),
  attempts: z.number(),
  error: z.string().nullable(),
  result: z.unknown(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
const runView = z.object({
  runId: z.string(),
  workflow: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  startedBy: z.string(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  steps: z.array(stepView),
});
const listView = z.object({
  workflows: z.array(
    z.object({ name: z.string(), description: z.string(), source: z.string(), inputSchema: z.record(z.string(), z.unknown()), steps: z.array(z.string()) }),
  ),
});

const json = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) as Record<string, unknown>;

/** The public view of a run (what get_workflow_run and the admin API return). */
export function viewRun(run: WorkflowRun): z.infer<typeof runView> {
  return {
    runId: run.id,
    workflow: run.workflow,
    status: run.status,
    startedBy: run.identity.id,
    error: run.error,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    steps: run.steps.map((s) => ({
      id: s.stepId,
      status: s.status,
      attempts: s.attempts,
      error: s.error,
      result: s.result,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
    })),
  };
}

/** The identity of the current MCP caller, as recorded on a run. */
export function callerIdentity(): RunIdentity {
  const principal = currentRequestContext()?.principal;
  if (isGatewayPrincipal(principal)) {
    return { id: principal.id, ...(typeof principal.name === 'string' && { name: principal.name }), kind: principal.kind, access: principal.access };
  }
  // No gateway principal: authentication is off on this path (the loopback quick start): full access, as for any tool call.
  return { id: principal?.id ?? 'anonymous', kind: 'anonymous', access: 'full' };
}

const ok = (structured: Record<string, unknown>): CallToolResult => ({
  content: [{ type: 'text', text: JSON.stringify(structured, null, 2) }],
  structuredContent: structured,
});
const fail = (message: string): CallToolResult => ({ content: [{ type: 'text', text: message }], isError: true });

function parse<T>(schema: z.ZodType<T>, args: unknown): T | CallToolResult {
  const parsed = schema.safeParse(args);
  return parsed.success ? parsed.data : fail(`Invalid arguments: ${z.prettifyError(parsed.error)}`);
}
const isResult = (v: unknown): v is CallToolResult => typeof v === 'object' && v !== null && 'content' in v && 'isError' in v;

/** run_workflow, get_workflow_run, list_workflows: served by the gateway beside the federated tools. */
export function workflowTools(engine: WorkflowEngine, catalog: TemplateCatalog): DynamicTool[] {
  return [
    {
      name: 'run_workflow',
      title: 'Run a workflow',
      description:
        'Starts a checkpointed multi-step workflow (see list_workflows) and returns its run id. Each step calls a gateway tool as you, under your scopes, audited, with approvals where the policy asks. ' +
        'With wait: true, answers when the run ends or after waitMs, whichever comes first; poll get_workflow_run otherwise.',
      inputSchema: json(runInput, 'input'),
      outputSchema: json(runView, 'output'),
      // Not destructive in itself: every step is governed (approvals included) as its own call.
      annotations: { title: 'Run a workflow', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      call: async (args) => {
        const input = parse(runInput, args);
        if (isResult(input)) return input;
        try {
          const run = await engine.startRun(input.workflow, input.inputs, callerIdentity());
          const latest = input.wait ? ((await engine.waitFor(run.id, input.waitMs)) ?? run) : run;
          return ok(viewRun(latest));
        } catch (error) {
          if (error instanceof WorkflowInputError) return fail(error.message);
          throw error;
        }
      },
    },
    {
      name: 'get_workflow_run',
      title: 'Get a workflow run',
      description: 'Status of a workflow run: overall status, and per step its status, attempts, error and result (results of sensitive steps are redacted).',
      inputSchema: json(getInput, 'input'),
      outputSchema: json(runView, 'output'),
      annotations: { title: 'Get a workflow run', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      call: async (args) => {
        const input = parse(getInput, args);
        if (isResult(input)) return input;
        const run = await engine.getRun(input.runId);
        if (!run) return fail(`No workflow run ${input.runId}.`);
        const caller = callerIdentity();
        // A scoped key sees only its own runs; full-access identities see all.
        if (caller.access !== 'full' && run.identity.id !== caller.id) return fail(`No workflow run ${input.runId}.`);
        return ok(viewRun(run));
      },
    },
    {
      name: 'list_workflows',
      title: 'List workflows',
      description: 'The workflows run_workflow can start: name, description, inputs (JSON Schema) and the ids of their steps.',
      inputSchema: json(listInput, 'input'),
      outputSchema: json(listView, 'output'),
      annotations: { title: 'List workflows', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      call: async () =>
        ok({
          workflows: (await catalog.list()).map((e) => ({
            name: e.template.name,
            description: e.template.description,
            source: e.source,
            inputSchema: inputsJsonSchema(e.template.inputs),
            steps: e.template.steps.map((s) => s.id),
          })),
        }),
    },
  ];
}

/**
 * The federated tools plus the workflow tools, served only while at least one
 * workflow exists (`enabled`): a gateway without workflows lists nothing a
 * model could not use. The gateway's own names win a clash with a federated
 * one (rename that backend). Listings are cached per catalogue snapshot, so
 * tools/list stays an array copy.
 */
export function withWorkflowTools(inner: ToolSource, ours: readonly DynamicTool[], enabled: () => boolean): ToolSource {
  const byName = new Map(ours.map((t) => [t.name, t]));
  const cache = new WeakMap<readonly DynamicTool[], DynamicTool[]>();
  return {
    list: (context) => {
      const federated = inner.list(context);
      if (!enabled()) return federated;
      let all = cache.get(federated);
      if (!all) {
        all = [...federated.filter((t) => !byName.has(t.name)), ...ours];
        cache.set(federated, all);
      }
      return all;
    },
    get: (name, context) => (enabled() ? byName.get(name) : undefined) ?? inner.get(name, context),
  };
}

/** For scope checks: the workflow tools belong to the "workflows" namespace. */
export function workflowNamespaceOf(tool: string): string | undefined {
  return tool === 'run_workflow' || tool === 'get_workflow_run' || tool === 'list_workflows' ? WORKFLOW_NAMESPACE : undefined;
}
