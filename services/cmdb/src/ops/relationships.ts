import { InvalidInputError, NotFoundError } from '@mcp/runtime';
import type { Relationship, RelationshipType } from '../models.js';
import { relationshipViolation } from '../rules.js';
import type { CmdbStore } from '../store/types.js';
import type { ChangeContext } from './ci-write.js';

export interface RelationshipInput {
  source_id: string;
  target_id: string;
  type: RelationshipType;
  weight: number;
  attributes: Record<string, unknown>;
}

const summary = (r: Relationship) => ({ type: r.type, source_ci_id: r.source_ci_id, target_ci_id: r.target_ci_id, weight: r.weight });

/**
 * Links two CIs (idempotent: the same source, target and type again updates
 * weight and attributes). Refuses self-links, retired ends and type pairs the
 * relationship rules forbid. Both CIs' histories record it.
 */
export async function addRelationship(
  store: CmdbStore,
  input: RelationshipInput,
  ctx: ChangeContext,
): Promise<{ relationship: Relationship; created: boolean }> {
  if (input.source_id === input.target_id) throw new InvalidInputError('A CI cannot be related to itself.');
  return store.transaction(async (q) => {
    const [source, target] = await Promise.all([q.getCi(input.source_id), q.getCi(input.target_id)]);
    for (const [ci, id, end] of [
      [source, input.source_id, 'source'],
      [target, input.target_id, 'target'],
    ] as const) {
      if (!ci) throw new NotFoundError(`The ${end} CI ${id} does not exist.`, { hint: 'Find CIs with ci_search.' });
      if (ci.status === 'retired')
        throw new InvalidInputError(`The ${end} CI ${ci.name} (${id}) is retired.`, { hint: 'Bring it back with ci_upsert (status: active) first.' });
    }
    const violation = relationshipViolation(input.type, source!.type, target!.type);
    if (violation)
      throw new InvalidInputError(`Cannot link ${source!.name} ${input.type} ${target!.name}: ${violation}.`, {
        hint: 'Pick another relationship type (depends_on and uses link any types).',
      });
    const history = async (rel: Relationship, op: 'add' | 'replace') => {
      for (const ciId of [rel.source_ci_id, rel.target_ci_id]) {
        await q.addHistory({
          ci_id: ciId,
          changed_at: ctx.now,
          actor: ctx.actor,
          op: 'relate',
          diff: [{ op, path: `/relationships/${rel.id}`, value: summary(rel) }],
          reason: ctx.reason,
        });
      }
    };
    const existing = await q.findRelationship(input.source_id, input.target_id, input.type);
    if (existing) {
      if (existing.weight === input.weight && JSON.stringify(existing.attributes) === JSON.stringify(input.attributes))
        return { relationship: existing, created: false };
      await q.updateRelationship(existing.id, input.weight, input.attributes);
      const updated = { ...existing, weight: input.weight, attributes: input.attributes };
      await history(updated, 'replace');
      return { relationship: updated, created: false };
    }
    const relationship: Relationship = {
      id: ctx.newId(),
      source_ci_id: input.source_id,
      target_ci_id: input.target_id,
      type: input.type,
      weight: input.weight,
      attributes: input.attributes,
      created_at: ctx.now,
    };
    await q.insertRelationship(relationship);
    await history(relationship, 'add');
    return { relationship, created: true };
  });
}

/** Deletes a relationship; both CIs' histories record it. */
export async function removeRelationship(store: CmdbStore, id: string, ctx: ChangeContext): Promise<Relationship> {
  return store.transaction(async (q) => {
    const rel = await q.getRelationship(id);
    if (!rel) throw new NotFoundError(`No relationship has id ${id}.`, { hint: 'ci_get lists the relationships of a CI with their ids.' });
    await q.deleteRelationship(id);
    for (const ciId of [rel.source_ci_id, rel.target_ci_id]) {
      await q.addHistory({
        ci_id: ciId,
        changed_at: ctx.now,
        actor: ctx.actor,
        op: 'unrelate',
        diff: [{ op: 'remove', path: `/relationships/${rel.id}` }],
        reason: ctx.reason,
      });
    }
    return rel;
  });
}
