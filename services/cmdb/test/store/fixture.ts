import { monotonicFactory } from 'ulid';
import type { ChangeContext, CiInput } from '../../src/ops/ci-write.js';
import { retireCi, upsertCi } from '../../src/ops/ci-write.js';
import { addRelationship } from '../../src/ops/relationships.js';
import type { Migration } from '@mcp/sql';
import type { CmdbStore } from '../../src/store/types.js';
import type { RelationshipType } from '../../src/models.js';

/** A fresh, empty database for one test; `open` may be called several times (several replicas). */
export interface StoreFixture {
  open(options?: { migrations?: readonly Migration[] }): CmdbStore;
  dispose(): Promise<void>;
}

export const T0 = '2025-06-01T10:00:00.000Z';
const ulid = monotonicFactory();
export const ctx = (extra: Partial<ChangeContext> = {}): ChangeContext => ({ actor: 'tester', reason: null, now: T0, newId: () => ulid(), ...extra });

export async function ci(store: CmdbStore, input: CiInput) {
  return (await upsertCi(store, input, ctx())).ci;
}

export async function link(store: CmdbStore, source: string, type: RelationshipType, target: string, weight = 1) {
  return (await addRelationship(store, { source_id: source, target_id: target, type, weight, attributes: {} }, ctx())).relationship;
}

/**
 * A small estate:
 *   checkout-web  part_of        Checkout (business service)
 *   checkout-web  depends_on     payments-api (0.9)
 *   payments-api  runs_on        k8s-prod
 *   payments-api  depends_on     payments-db
 *   payments-db   hosted_on      db-vm
 *   payments-api  connects_to    checkout-web (0.6)   ← a cycle with depends_on
 *   metrics-agent connects_to    payments-api (0.2)   ← informational only
 *   old-web       depends_on     payments-api          (old-web retired)
 */
export async function estate(store: CmdbStore) {
  const checkout = await ci(store, { type: 'business_service', name: 'Checkout', criticality: 5, owner: 'alice', team: 'commerce' });
  const web = await ci(store, { type: 'application', name: 'checkout-web', criticality: 4, owner: 'bob', team: 'commerce', environment: 'prod' });
  const api = await ci(store, {
    type: 'service',
    name: 'payments-api',
    criticality: 5,
    owner: 'carol',
    team: 'payments',
    environment: 'prod',
    attributes: { port: 8443, protocol: 'grpc' },
  });
  const db = await ci(store, {
    type: 'database',
    name: 'payments-db',
    criticality: 5,
    owner: 'dan',
    team: 'data',
    environment: 'prod',
    attributes: { engine: 'postgres', version: '16' },
  });
  const k8s = await ci(store, {
    type: 'k8s_cluster',
    name: 'k8s-prod',
    criticality: 4,
    team: 'platform',
    environment: 'prod',
    attributes: { provider: 'gke', region: 'europe-west1' },
  });
  const vm = await ci(store, { type: 'vm', name: 'db-vm', criticality: 3, team: 'platform', environment: 'prod', attributes: { os: 'linux', cpu_cores: 8 } });
  const metrics = await ci(store, { type: 'application', name: 'metrics-agent', criticality: 2, team: 'platform' });
  const old = await ci(store, { type: 'application', name: 'old-web', criticality: 3 });
  await link(store, web.id, 'part_of', checkout.id);
  await link(store, web.id, 'depends_on', api.id, 0.9);
  await link(store, api.id, 'runs_on', k8s.id);
  await link(store, api.id, 'depends_on', db.id);
  await link(store, db.id, 'hosted_on', vm.id);
  await link(store, api.id, 'connects_to', web.id, 0.6);
  await link(store, metrics.id, 'connects_to', api.id, 0.2);
  await link(store, old.id, 'depends_on', api.id);
  await retireCi(store, { id: old.id, hard: false }, ctx());
  return { checkout, web, api, db, k8s, vm, metrics, old };
}
