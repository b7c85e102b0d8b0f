import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  type ElicitRequestFormParams,
  type ElicitResult,
  type InputRequiredResult,
  inputRequired,
  SdkError,
  SdkErrorCode,
  type ServerContext,
} from '@modelcontextprotocol/server';
import * as z from 'zod';

/** A form-mode question: the message and the restricted JSON Schema of the answer. */
export type ElicitFormParams = Omit<ElicitRequestFormParams, 'mode'>;

export interface ElicitOptions {
  /**
   * Names the question across the rounds of a 2026-07-28 multi round-trip
   * request: the answer comes back under this key in `inputResponses`.
   */
  key: string;
  /** 2025-era sessions: how long to wait for the answer (the SDK's default otherwise). */
  timeoutMs?: number;
  /** 2025-era sessions: stops waiting (and cancels the client's request) early. */
  signal?: AbortSignal;
}

/**
 * Asks the calling client a question (form-mode elicitation) in whichever way
 * its protocol generation allows:
 * - 2025-era sessions: a server-to-client `elicitation/create` on the call's
 *   own stream; resolves with the client's answer.
 * - 2026-07-28 requests: when the retried request carries the answer under
 *   `key`, resolves with it; otherwise rejects with {@link InputRequiredError},
 *   which the runtime turns into the `input_required` result the client
 *   fulfils and retries with (multi round-trip requests).
 * Rejects with {@link ElicitationUnavailableError} when the client did not
 * declare the elicitation capability (or the transport cannot carry it).
 */
export type Elicit = (params: ElicitFormParams, options: ElicitOptions) => Promise<ElicitResult>;

/** The client cannot be asked: no elicitation capability, or no channel back to it. */
export class ElicitationUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ElicitationUnavailableError';
  }
}

/**
 * Not a failure: the 2026-07-28 way of asking. Middlewares may observe it
 * (the gateway audits the round) but must let it propagate; the runtime's
 * error mapping returns `result` to the client as the call's answer.
 */
export class InputRequiredError extends Error {
  readonly result: InputRequiredResult;
  constructor(result: InputRequiredResult) {
    super('The call needs input from the client; it answers with input_required and the client retries with the answer.');
    this.name = 'InputRequiredError';
    this.result = result;
  }
}

// The answer arrives from the client: untrusted input, checked before use.
const elicitAnswer = z.object({
  action: z.enum(['accept', 'decline', 'cancel']),
  content: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).optional(),
});

/** Whether a 2026-07-28 request's client declared form elicitation (a bare `elicitation: {}` means form). */
function modernSupportsForm(mcp: ServerContext): boolean {
  const caps = (mcp.mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
  const elicitation = caps?.elicitation as Record<string, unknown> | undefined;
  if (!elicitation) return false;
  return elicitation.form !== undefined || elicitation.url === undefined;
}

export function createElicit(mcp: ServerContext, callSignal: AbortSignal): Elicit {
  return async (params, options) => {
    const req = mcp.mcpReq;
    if (req.envelope !== undefined) {
      if (!modernSupportsForm(mcp)) throw new ElicitationUnavailableError('The client did not declare the elicitation capability.');
      const raw = req.inputResponses?.[options.key];
      if (raw === undefined) throw new InputRequiredError(inputRequired({ inputRequests: { [options.key]: inputRequired.elicit(params) } }));
      const answer = elicitAnswer.safeParse(raw);
      if (!answer.success) throw new ElicitationUnavailableError(`The client's answer to "${options.key}" is not an elicitation result.`);
      return answer.data as ElicitResult;
    }
    const signal = options.signal ? AbortSignal.any([callSignal, options.signal]) : callSignal;
    try {
      // relatedRequestId routes the request onto this call's POST stream, not the optional GET stream.
      return await req.elicitInput(
        { mode: 'form', ...params },
        { relatedRequestId: req.id, signal, ...(options.timeoutMs !== undefined && { timeout: options.timeoutMs }) },
      );
    } catch (error) {
      if (
        error instanceof SdkError &&
        (error.code === SdkErrorCode.CapabilityNotSupported || error.code === SdkErrorCode.MethodNotSupportedByProtocolVersion)
      ) {
        throw new ElicitationUnavailableError(error.message, { cause: error });
      }
      throw error;
    }
  };
}
