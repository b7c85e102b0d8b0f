import { isDeepStrictEqual } from 'node:util';
import type { Condition } from './template-schema.js';
import { parsePath, resolvePath, type TemplateScope } from './templating.js';

/** Evaluates a step's `if` (see conditionSchema): a path and one test, no code. */
export function conditionHolds(condition: Condition, scope: TemplateScope): boolean {
  const value = resolvePath(scope, parsePath(condition.path));
  if (condition.exists !== undefined) return (value !== undefined && value !== null) === condition.exists;
  if ('equals' in condition) return isDeepStrictEqual(value, condition.equals);
  return !isDeepStrictEqual(value, condition.notEquals);
}
