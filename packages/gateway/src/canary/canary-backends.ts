import type { Backend } from '../backends/backend.js';
import type { ManagedBackend } from '../backends/managed-backend.js';
import type { BackendConfig, NamedBackendConfig } from '../config/schema.js';

/**
 * The canary targets' own backends, one per backend with a canary: created
 * from the stable config with the canary's connection fields on top, started
 * at once, closed when the canary changes or goes away.
 */
export class CanaryBackends {
  private readonly live = new Map<string, ManagedBackend>();

  constructor(private readonly create: (named: NamedBackendConfig) => ManagedBackend) {}

  get(name: string): Backend | undefined {
    return this.live.get(name);
  }

  replace(name: string, stable: BackendConfig, target: Record<string, unknown> | undefined): void {
    const previous = this.live.get(name);
    if (previous) void previous.drained().then(() => previous.close());
    this.live.delete(name);
    if (!target) return;
    // Connection fields of the stable side (command/args/env or url/headers/type) are replaced wholesale by the canary's.
    const { canary: _c, command: _cmd, args: _a, env: _e, cwd: _w, url: _u, headers: _h, type: _t, ...extras } = stable as Record<string, unknown>;
    const config = { ...extras, ...target } as BackendConfig;
    const backend = this.create({ name: `${name}-canary`, config, source: 'store' });
    this.live.set(name, backend);
    void backend.start().catch(() => {});
  }

  async close(): Promise<void> {
    const all = [...this.live.values()];
    this.live.clear();
    await Promise.allSettled(all.map((b) => b.close()));
  }
}
