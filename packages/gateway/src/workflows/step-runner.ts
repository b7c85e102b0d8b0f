import { type CallToolResult, isToolError, type Principal } from '@mcp/runtime';
import { conditionHolds } from './condition.js';
import type { StepCaller } from './step-caller.js';
import type { WorkflowStep } from './template-schema.js';
import { renderValue, TemplateError, type TemplateScope } from './templating.js';

export interface StepOutcome {
  status: 'succeeded' | 'failed' | 'skipped';
  attempts: number;
  /** The tool's result as checkpointed (redacted when the step is sensitive). */
  stored: CallToolResult | null;
  /** What later steps see in this process (the full result). */
  live: CallToolResult | null;
  error: string | null;
}

/** The engine is stopping: the step's outcome is unknown and must not be checkpointed. */
export class EngineStoppedError extends Error {
  constructor() {
    super('the workflow engine is stopping');
    this.name = 'EngineStoppedError';
  }
}

export interface RunStepOptions {
  step: WorkflowStep;
  scope: TemplateScope;
  call: StepCaller;
  principal: Principal;
  /** Aborted when the engine stops (shutdown, lost lease). */
  stop: AbortSignal;
  defaultTimeoutMs: number;
  requestId: string;
  /** Attempts already made before an interruption (kept in the checkpoint). */
  priorAttempts: number;
  /** Called before each attempt with the attempt count so far (the engine checkpoints it, so an interrupted attempt still counts). */
  onAttempt?: (attempts: number) => Promise<void>;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const MAX_BACKOFF_MS = 60_000;

/**
 * Runs one step: condition, argument templating, then the tool call with its
 * timeout per attempt and its retries. A failed result (`isError`), a thrown
 * error and a timeout all count as a failed attempt; refusals by governance
 * (scopes), permanent error kinds of fleet services (retryHelps) and template
 * errors are not retried, since retrying cannot help.
 */
export async function runStep(options: RunStepOptions): Promise<StepOutcome> {
  const { step, scope } = options;
  let args: Record<string, unknown>;
  try {
    if (step.if && !conditionHolds(step.if, scope)) return { status: 'skipped', attempts: 0, stored: null, live: null, error: null };
    args = renderValue(step.arguments, scope) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TemplateError) return { status: 'failed', attempts: options.priorAttempts, stored: null, live: null, error: error.message };
    throw error;
  }
  const maxAttempts = step.retry?.attempts ?? 1;
  const timeoutMs = step.timeoutMs ?? options.defaultTimeoutMs;
  const sleep = options.sleep ?? abortableSleep;
  let attempts = options.priorAttempts;
  let lastError = 'not attempted';
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (options.stop.aborted) throw new EngineStoppedError();
    attempts += 1;
    await options.onAttempt?.(attempts);
    try {
      const result = await attemptOnce(options, args, timeoutMs, attempt);
      if (!result.isError) return { status: 'succeeded', attempts, stored: step.sensitive ? redactedResult() : result, live: result, error: null };
      lastError = textOf(result) || 'the tool returned an error';
      if (!retryHelps(result)) break;
    } catch (error) {
      if (options.stop.aborted) throw new EngineStoppedError();
      lastError = error instanceof Error ? error.message : String(error);
      if (isToolError(error) && error.code === 'forbidden') break;
    }
    if (attempt < maxAttempts) {
      const backoff = Math.min((step.retry?.backoffMs ?? 0) * 2 ** (attempt - 1), MAX_BACKOFF_MS);
      await sleep(backoff, options.stop).catch(() => {
        throw new EngineStoppedError();
      });
    }
  }
  return { status: 'failed', attempts, stored: null, live: null, error: lastError };
}

/**
 * Fleet services say what kind of error a result is (`_meta['io.mcp-fleet/error'].code`,
 * set by the runtime's error mapping). Bad input, a missing setting or a refusal
 * fails the same way every time — and a destructive step would ask a person
 * again for nothing — so only transient kinds are retried. A result without the
 * code (another server) is retried as configured.
 */
const PERMANENT = new Set(['invalid_input', 'not_found', 'unauthorized', 'forbidden', 'conflict', 'not_configured', 'too_large']);
function retryHelps(result: CallToolResult): boolean {
  const meta = result._meta?.['io.mcp-fleet/error'] as { code?: unknown } | undefined;
  return !(typeof meta?.code === 'string' && PERMANENT.has(meta.code));
}

/** One call bounded by the step timeout: the tool's signal is aborted and the step stops waiting, even if the tool ignores it. */
async function attemptOnce(options: RunStepOptions, args: Record<string, unknown>, timeoutMs: number, attempt: number): Promise<CallToolResult> {
  const controller = new AbortController();
  const signal = AbortSignal.any([controller.signal, options.stop]);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`step ${options.step.id} timed out after ${timeoutMs} ms (attempt ${attempt})`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  const stopped = new Promise<never>((_, reject) => {
    if (options.stop.aborted) reject(new EngineStoppedError());
    options.stop.addEventListener('abort', () => reject(new EngineStoppedError()), { once: true });
  });
  try {
    return await Promise.race([
      options.call({ tool: options.step.tool, args, principal: options.principal, signal, requestId: `${options.requestId}:${attempt}` }),
      timedOut,
      stopped,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new EngineStoppedError());
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new EngineStoppedError());
      },
      { once: true },
    );
  });
}

/**
 * What the store keeps of a sensitive step: nothing of its output (a field
 * such as `value` does not look secret by name, so redacting by key is not
 * enough). Later steps in the same process see the full result; after a
 * restart, a reference into it fails clearly instead of leaking.
 */
function redactedResult(): CallToolResult {
  return { content: [{ type: 'text', text: '[REDACTED: sensitive step]' }], structuredContent: { redacted: true } };
}

function textOf(result: CallToolResult): string {
  return (result.content ?? [])
    .map((c) => (c.type === 'text' ? c.text : ''))
    .join(' ')
    .slice(0, 2_000);
}
