import { InvalidInputError } from '@mcp/runtime';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * Validates CI attributes against their type's JSON Schema (ajv), compiling
 * each distinct schema once. Errors name the attribute and the rule.
 */
const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<string, ValidateFunction>();
const MAX_CACHED = 256;

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, validate);
  }
  return validate;
}

/** Throws when the schema itself is not a usable JSON Schema. */
export function assertValidSchema(schema: Record<string, unknown>): void {
  try {
    validatorFor(schema);
  } catch (error) {
    throw new InvalidInputError(`attribute_schema is not a valid JSON Schema: ${(error as Error).message}`);
  }
}

export function assertAttributes(type: string, schema: Record<string, unknown>, attributes: Record<string, unknown>): void {
  const validate = validatorFor(schema);
  if (validate(attributes)) return;
  const problems = (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath ? `attributes${e.instancePath.replaceAll('/', '.')}` : 'attributes'} ${e.message}`);
  throw new InvalidInputError(`The attributes do not fit type "${type}": ${problems.join('; ')}.`, {
    hint: 'ci_type_list shows the attribute schema of each type.',
    details: { errors: validate.errors?.slice(0, 5) },
  });
}

/** Size bound on free-form JSON (attributes, schemas): a CMDB record, not a blob store. */
export function assertJsonSize(value: unknown, what: string, maxBytes = 32_768): void {
  const bytes = Buffer.byteLength(JSON.stringify(value));
  if (bytes > maxBytes) throw new InvalidInputError(`${what} is ${bytes} bytes of JSON; the limit is ${maxBytes}.`);
}
