/** An RFC 6902 operation (only the kinds a diff needs). */
export type PatchOp = { op: 'add' | 'replace' | 'test'; path: string; value: unknown } | { op: 'remove'; path: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const pointer = (base: string, key: string) => `${base}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;

/**
 * The JSON Patch turning `before` into `after`: objects are compared key by
 * key (recursively), anything else (arrays included) is replaced whole.
 */
export function jsonPatch(before: unknown, after: unknown, path = ''): PatchOp[] {
  if (isObject(before) && isObject(after)) {
    const ops: PatchOp[] = [];
    for (const key of Object.keys(before)) {
      if (!(key in after) || after[key] === undefined) ops.push({ op: 'remove', path: pointer(path, key) });
    }
    for (const [key, value] of Object.entries(after)) {
      if (value === undefined) continue;
      if (!(key in before) || before[key] === undefined) ops.push({ op: 'add', path: pointer(path, key), value });
      else ops.push(...jsonPatch(before[key], value, pointer(path, key)));
    }
    return ops;
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ op: 'replace', path, value: after }];
}
