import * as z from 'zod';
import { referencesIn } from './templating.js';

/** Workflow and step names: usable in URLs, paths and `{{ steps.<id> }}` references. */
export const WORKFLOW_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const STEP_ID = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;
/** Namespaced tool names as the gateway exposes them (ARCHITECTURE.md, Naming). */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** One declared input; converted to zod (validation) and JSON Schema (listings). */
export const inputSpecSchema = z.strictObject({
  type: z.enum(['string', 'number', 'integer', 'boolean', 'object', 'array']),
  description: z.string().max(1_000).optional(),
  required: z.boolean().default(true),
  default: z.unknown().optional(),
  /** Allowed values (strings or numbers). */
  enum: z
    .array(z.union([z.string(), z.number()]))
    .min(1)
    .optional(),
});

/**
 * A safe condition: one path and one test, no expression language and no
 * eval. `exists: true` holds when the path resolves to a value other than
 * undefined/null; `equals`/`notEquals` compare JSON values deeply.
 */
export const conditionSchema = z
  .strictObject({
    path: z.string().min(1),
    equals: z.unknown().optional(),
    notEquals: z.unknown().optional(),
    exists: z.boolean().optional(),
  })
  .refine((c) => ['equals', 'notEquals', 'exists'].filter((k) => k in c).length === 1, {
    message: 'a condition needs exactly one of equals, notEquals, exists',
  });

export const retrySchema = z.strictObject({
  /** Total attempts, the first included. */
  attempts: z.number().int().min(1).max(20).default(1),
  /** Wait before each retry, doubled every time (capped at 60 s). */
  backoffMs: z.number().int().min(0).max(60_000).default(500),
});

export const stepSchema = z.strictObject({
  id: z.string().regex(STEP_ID, 'a step id starts with a letter; letters, digits and _ only (it is used in {{ steps.<id> }})'),
  description: z.string().max(1_000).optional(),
  /** A namespaced tool of the gateway, e.g. `k8s_rollout_restart`. */
  tool: z.string().regex(TOOL_NAME, 'a namespaced tool name (<service>_<tool>)'),
  /** Any JSON; strings may hold `{{ inputs.x }}` / `{{ steps.<id>.result.structuredContent.y }}`. */
  arguments: z.record(z.string(), z.unknown()).default({}),
  retry: retrySchema.optional(),
  /** Per attempt; defaults to the engine's step timeout. */
  timeoutMs: z.number().int().min(1).max(3_600_000).optional(),
  if: conditionSchema.optional(),
  /**
   * A sensitive step's result (e.g. a revealed secret) never reaches the
   * store: only `{ redacted: true }` is checkpointed; later steps of the same
   * process still see the real result.
   */
  sensitive: z.boolean().default(false),
});

export const workflowTemplateSchema = z
  .strictObject({
    name: z.string().regex(WORKFLOW_NAME, 'lower-case letters, digits, _ and -, at most 64'),
    description: z.string().max(4_000).default(''),
    inputs: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, 'input names are identifiers'), inputSpecSchema).default({}),
    steps: z.array(stepSchema).min(1).max(100),
  })
  .superRefine((template, ctx) => {
    const seen = new Set<string>();
    template.steps.forEach((step, i) => {
      if (seen.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `duplicate step id "${step.id}"` });
      const check = (where: (string | number)[], text: string) => {
        for (const ref of referencesIn(text)) {
          if (ref.problem) ctx.addIssue({ code: 'custom', path: ['steps', i, ...where], message: ref.problem });
          else if (ref.path[0] === 'inputs' && !(ref.path[1]! in template.inputs))
            ctx.addIssue({ code: 'custom', path: ['steps', i, ...where], message: `unknown input "${ref.path[1]}"` });
          else if (ref.path[0] === 'steps' && !seen.has(ref.path[1]!))
            ctx.addIssue({
              code: 'custom',
              path: ['steps', i, ...where],
              message: `"${ref.path[1]}" is not an earlier step (steps may only use results of steps before them)`,
            });
        }
      };
      walkStrings(step.arguments, ['arguments'], check);
      if (step.if) check(['if', 'path'], `{{ ${step.if.path} }}`);
      seen.add(step.id);
    });
  });

export type InputSpec = z.infer<typeof inputSpecSchema>;
export type Condition = z.infer<typeof conditionSchema>;
export type WorkflowStep = z.infer<typeof stepSchema>;
export type WorkflowTemplate = z.infer<typeof workflowTemplateSchema>;

/** Every problem of a candidate template, as "path: message" lines (empty when valid). */
export function templateProblems(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(template)'}: ${i.message}`);
}

function walkStrings(value: unknown, path: (string | number)[], visit: (path: (string | number)[], text: string) => void): void {
  if (typeof value === 'string') visit(path, value);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) walkStrings(v, [...path, i], visit);
  } else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walkStrings(v, [...path, k], visit);
}

/** The zod validator of a template's inputs (defaults applied, unknown inputs rejected). */
export function inputsValidator(inputs: WorkflowTemplate['inputs']): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(inputs)) {
    let t: z.ZodType = baseType(spec);
    if (spec.enum) {
      const allowed = spec.enum;
      t = t.refine((v) => allowed.includes(v as string | number), { message: `must be one of ${allowed.join(', ')}` });
    }
    if (spec.default !== undefined) t = t.default(spec.default as never);
    else if (!spec.required) t = t.optional();
    shape[name] = t;
  }
  return z.strictObject(shape) as unknown as z.ZodType<Record<string, unknown>>;
}

function baseType(spec: InputSpec): z.ZodType {
  switch (spec.type) {
    case 'string':
      return z.string();
    case 'number':
      return z.number();
    case 'integer':
      return z.number().int();
    case 'boolean':
      return z.boolean();
    case 'object':
      return z.record(z.string(), z.unknown());
    case 'array':
      return z.array(z.unknown());
  }
}

/** JSON Schema of the inputs, for list_workflows and run_workflow callers. */
export function inputsJsonSchema(inputs: WorkflowTemplate['inputs']): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [name, spec] of Object.entries(inputs)) {
    properties[name] = {
      type: spec.type,
      ...(spec.description && { description: spec.description }),
      ...(spec.enum && { enum: spec.enum }),
      ...(spec.default !== undefined && { default: spec.default }),
    };
    if (spec.required && spec.default === undefined) required.push(name);
  }
  return { type: 'object', properties, ...(required.length > 0 && { required }), additionalProperties: false };
}
