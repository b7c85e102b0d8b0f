import { EventEmitter } from 'node:events';
import type { BackendCatalog, BackendState, CallOptions } from '../../src/backends/backend.js';
import type { BackendChange, ManagedBackend } from '../../src/backends/managed-backend.js';
import type { BackendConfig, NamedBackendConfig } from '../../src/config/schema.js';
import { transportOf } from '../../src/config/schema.js';

export interface FakeBackend extends ManagedBackend {
  setState(state: BackendState): void;
  setCatalog(catalog: Partial<BackendCatalog>): void;
  emitUpdated(uri: string): void;
  calls: Array<{ method: string; name: string; args: unknown; options?: CallOptions }>;
}

export const tool = (name: string) => ({ name, inputSchema: { type: 'object' } });

/** A backend without a network: the catalogue and health are whatever the test sets. */
export function fakeBackend(named: NamedBackendConfig, catalog: Partial<BackendCatalog> = {}): FakeBackend {
  const events = new EventEmitter();
  let state: BackendState = 'starting';
  let current: BackendCatalog = { tools: [], resources: [], resourceTemplates: [], prompts: [], ...catalog };
  let config: BackendConfig = named.config;
  const calls: FakeBackend['calls'] = [];
  const emit = (change: BackendChange) => events.emit('change', change);
  const backend: FakeBackend = {
    name: named.name,
    get config() {
      return config;
    },
    calls,
    status: () => ({ name: named.name, transport: transportOf(config), state, circuit: 'closed', toolCount: current.tools.length, restarts: 0 }),
    catalog: () => current,
    async start() {
      backend.setState('healthy');
    },
    refresh: async () => false,
    async callTool(name, args, options) {
      calls.push({ method: 'tools/call', name, args, ...(options && { options }) });
      if (state !== 'healthy') throw new Error(`Backend '${named.name}' is unavailable`);
      return { content: [{ type: 'text', text: `${named.name}:${name}` }] };
    },
    async readResource(uri) {
      calls.push({ method: 'resources/read', name: uri, args: {} });
      return { contents: [{ uri, text: `${named.name}:${uri}` }] };
    },
    async getPrompt(name, args) {
      calls.push({ method: 'prompts/get', name, args });
      return { messages: [{ role: 'user', content: { type: 'text', text: `${named.name}:${name}` } }] };
    },
    async complete(params) {
      calls.push({ method: 'completion/complete', name: JSON.stringify(params.ref), args: params.argument });
      return { completion: { values: [`${named.name}-value`] } };
    },
    async subscribe(uri) {
      calls.push({ method: 'resources/subscribe', name: uri, args: {} });
    },
    async unsubscribe(uri) {
      calls.push({ method: 'resources/unsubscribe', name: uri, args: {} });
    },
    emitUpdated(uri) {
      emit({ type: 'resourceUpdated', uri });
    },
    probe: async () => state === 'healthy',
    async close() {
      backend.setState('stopped');
    },
    onChange(listener) {
      events.on('change', listener);
      return () => events.off('change', listener);
    },
    inflight: () => 0,
    drained: async () => {},
    updateConfig(next) {
      config = next;
    },
    setState(next) {
      const previous = state;
      if (previous === next) return;
      state = next;
      emit({ type: 'state', state: next, previous });
    },
    setCatalog(next) {
      current = { ...current, ...next };
      emit({ type: 'catalog' });
    },
  };
  return backend;
}
