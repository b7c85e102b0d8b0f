import { InvalidInputError, NotFoundError, ToolError } from '@mcp/runtime';
import type { Ci, Tag } from '../models.js';
import type { CiRow, CmdbQueries, CmdbStore } from '../store/types.js';
import { assertAttributes } from './attributes.js';
import { jsonPatch } from './json-patch.js';

/** Who changes what, when and why: every write appends ci_history. */
export interface ChangeContext {
  actor: string;
  reason: string | null;
  now: string;
  newId: () => string;
}

export interface CiInput {
  id?: string;
  source?: string;
  external_id?: string;
  type?: string;
  name?: string;
  environment?: Ci['environment'];
  status?: 'planned' | 'active' | 'maintenance';
  owner?: string | null;
  team?: string | null;
  criticality?: number;
  attributes?: Record<string, unknown>;
  tags?: Tag[];
  expected_version?: number;
}

/** The fields history diffs cover. */
function snapshot(ci: CiRow, tags: readonly Tag[]) {
  const { id: _id, version: _v, created_at: _c, updated_at: _u, ...fields } = ci;
  return { ...fields, tags: [...tags] };
}

export function sortTags(tags: readonly Tag[]): Tag[] {
  const unique = new Map(tags.map((t) => [`${t.key}\u0000${t.value}`, t]));
  return [...unique.values()].sort((a, b) => (a.key === b.key ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : a.key < b.key ? -1 : 1));
}

function versionConflict(id: string, current: number, expected: number): ToolError {
  return new ToolError('conflict', `CI ${id} is at version ${current}, not ${expected}: someone changed it since you read it.`, {
    hint: 'Read it again with ci_get, reapply your change, and pass the new version as expected_version.',
    details: { current_version: current },
  });
}

async function validated(q: CmdbQueries, type: string, attributes: Record<string, unknown>): Promise<void> {
  const t = await q.getType(type);
  if (!t) throw new InvalidInputError(`Unknown CI type "${type}".`, { hint: 'ci_type_list shows the types; ci_type_upsert adds one.' });
  assertAttributes(type, t.attribute_schema, attributes);
}

/**
 * Creates a CI, or updates the one named by id (or by source + external_id),
 * in one transaction: attributes validated against the type's schema, the
 * optimistic lock checked, history appended. An update that changes nothing
 * leaves the version alone.
 */
export async function upsertCi(store: CmdbStore, input: CiInput, ctx: ChangeContext): Promise<{ ci: Ci; created: boolean; changed: boolean }> {
  return store.transaction(async (q) => {
    let existing = input.id ? await q.getCi(input.id) : undefined;
    if (input.id && !existing) throw new NotFoundError(`No CI has id ${input.id}.`, { hint: 'Omit id to create a CI, or find it with ci_search.' });
    const source = input.source ?? existing?.source ?? 'manual';
    if (!existing && input.external_id !== undefined) existing = await q.getCiByExternal(source, input.external_id);

    if (!existing) {
      if (input.expected_version !== undefined)
        throw new NotFoundError('expected_version was given, but no such CI exists.', { hint: 'Omit expected_version to create it.' });
      if (!input.type || !input.name)
        throw new InvalidInputError('Creating a CI needs type and name.', { hint: 'To update an existing CI pass its id (or source + external_id).' });
      const attributes = input.attributes ?? {};
      await validated(q, input.type, attributes);
      const row: CiRow = {
        id: ctx.newId(),
        type: input.type,
        name: input.name,
        environment: input.environment ?? null,
        status: input.status ?? 'active',
        owner: input.owner ?? null,
        team: input.team ?? null,
        criticality: input.criticality ?? 3,
        attributes,
        source,
        external_id: input.external_id ?? null,
        version: 1,
        created_at: ctx.now,
        updated_at: ctx.now,
        retired_at: null,
      };
      const tags = sortTags(input.tags ?? []);
      await q.insertCi(row);
      await q.replaceTags(row.id, tags);
      await q.addHistory({
        ci_id: row.id,
        changed_at: ctx.now,
        actor: ctx.actor,
        op: 'create',
        diff: [{ op: 'add', path: '', value: snapshot(row, tags) }],
        reason: ctx.reason,
      });
      return { ci: { ...row, tags }, created: true, changed: true };
    }

    if (input.expected_version !== undefined && input.expected_version !== existing.version)
      throw versionConflict(existing.id, existing.version, input.expected_version);
    if (input.type !== undefined && input.type !== existing.type) {
      throw new InvalidInputError(`CI ${existing.id} is a ${existing.type}; its type cannot change to ${input.type}.`, {
        hint: 'Retire it and create a new CI of the right type.',
      });
    }
    const beforeTags = (await q.tagsOf([existing.id])).get(existing.id) ?? [];
    const next: CiRow = {
      ...existing,
      ...(input.name !== undefined && { name: input.name }),
      ...(input.environment !== undefined && { environment: input.environment }),
      ...(input.owner !== undefined && { owner: input.owner }),
      ...(input.team !== undefined && { team: input.team }),
      ...(input.criticality !== undefined && { criticality: input.criticality }),
      ...(input.attributes !== undefined && { attributes: input.attributes }),
      ...(input.source !== undefined && { source: input.source }),
      ...(input.external_id !== undefined && { external_id: input.external_id }),
      ...(input.status !== undefined && { status: input.status, retired_at: null }),
    };
    if (input.attributes !== undefined) await validated(q, existing.type, next.attributes);
    const tags = input.tags === undefined ? beforeTags : sortTags(input.tags);
    const diff = jsonPatch(snapshot(existing, beforeTags), snapshot(next, tags));
    if (diff.length === 0) return { ci: { ...existing, tags: beforeTags }, created: false, changed: false };
    const row = { ...next, version: existing.version + 1, updated_at: ctx.now };
    if (!(await q.updateCi(row, existing.version))) {
      const current = await q.getCi(existing.id);
      throw versionConflict(existing.id, current?.version ?? existing.version + 1, existing.version);
    }
    if (input.tags !== undefined) await q.replaceTags(row.id, tags);
    await q.addHistory({ ci_id: row.id, changed_at: ctx.now, actor: ctx.actor, op: 'update', diff, reason: ctx.reason });
    return { ci: { ...row, tags }, created: false, changed: true };
  });
}

export interface RetireResult {
  ci: Ci;
  retired: boolean;
  purged: boolean;
  relationships_removed: number;
}

/**
 * Soft: status retired (kept, with its relationships, skipped by impact
 * analysis). Hard: the CI, its tags and relationships are deleted; its history
 * stays, ending with a `purge` entry that records the final state.
 */
export async function retireCi(store: CmdbStore, input: { id: string; hard: boolean; expected_version?: number }, ctx: ChangeContext): Promise<RetireResult> {
  return store.transaction(async (q) => {
    const existing = await q.getCi(input.id);
    if (!existing) throw new NotFoundError(`No CI has id ${input.id}.`, { hint: 'It may have been purged already; ci_search finds CIs.' });
    if (input.expected_version !== undefined && input.expected_version !== existing.version)
      throw versionConflict(existing.id, existing.version, input.expected_version);
    const tags = (await q.tagsOf([existing.id])).get(existing.id) ?? [];
    if (input.hard) {
      const { outgoing, incoming } = await q.relationshipsOf(existing.id, 0);
      await q.deleteCi(existing.id);
      await q.addHistory({
        ci_id: existing.id,
        changed_at: ctx.now,
        actor: ctx.actor,
        op: 'purge',
        diff: [
          { op: 'test', path: '', value: snapshot(existing, tags) },
          { op: 'replace', path: '', value: null },
        ],
        reason: ctx.reason,
      });
      return { ci: { ...existing, tags }, retired: existing.status === 'retired', purged: true, relationships_removed: outgoing + incoming };
    }
    if (existing.status === 'retired') return { ci: { ...existing, tags }, retired: true, purged: false, relationships_removed: 0 };
    const row: CiRow = { ...existing, status: 'retired', retired_at: ctx.now, version: existing.version + 1, updated_at: ctx.now };
    if (!(await q.updateCi(row, existing.version))) throw versionConflict(existing.id, existing.version + 1, existing.version);
    const diff = jsonPatch(snapshot(existing, tags), snapshot(row, tags));
    await q.addHistory({ ci_id: row.id, changed_at: ctx.now, actor: ctx.actor, op: 'retire', diff, reason: ctx.reason });
    return { ci: { ...row, tags }, retired: true, purged: false, relationships_removed: 0 };
  });
}
