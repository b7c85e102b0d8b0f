import { setApprovalsPending } from '../audit/audit-metrics.js';
import type { ApprovalStore } from './types.js';

/**
 * Keeps `mcp_approvals_pending` at the store-wide count: re-counted after
 * every request and decision, so a decision taken on another replica shows
 * here at the next change (and the alert takes the max across replicas).
 */
export function withPendingGauge(store: ApprovalStore): ApprovalStore {
  const refresh = () =>
    store
      .listApprovals('pending', 10_000)
      .then((pending) => setApprovalsPending(pending.length))
      .catch(() => undefined);
  return {
    ...store,
    listApprovals: (status, limit) => store.listApprovals(status, limit),
    getApproval: (id) => store.getApproval(id),
    createApproval: async (a) => {
      const created = await store.createApproval(a);
      await refresh();
      return created;
    },
    decideApproval: async (id, status, by, note) => {
      const decided = await store.decideApproval(id, status, by, note);
      await refresh();
      return decided;
    },
  };
}
