import { healthStatus } from '../metrics/registry.js';

export type HealthState = 'healthy' | 'degraded' | 'unhealthy';

export interface ComponentHealth {
  status: HealthState;
  latencyMs?: number;
  /** Safe, useful facts: rate limit remaining, identity, circuit state, versions. */
  metadata?: Record<string, unknown>;
  message?: string;
}

/** A component check. Throwing counts as unhealthy with the error's message. */
export type HealthCheck = () => Promise<ComponentHealth | HealthState> | ComponentHealth | HealthState;

export interface HealthCheckOptions {
  check: HealthCheck;
  /** A critical component that is unhealthy makes the service unhealthy; others only degrade it. */
  critical?: boolean;
  /** How long a result is reused, so probes and scrapes do not hammer upstreams. */
  cacheMs?: number;
  timeoutMs?: number;
}

export interface HealthReport {
  status: HealthState;
  service: string;
  version: string;
  uptimeSeconds: number;
  timestamp: string;
  components: Record<string, ComponentHealth & { checkedAt: string; cached: boolean }>;
}

interface Entry {
  options: Required<Omit<HealthCheckOptions, 'check'>> & { check: HealthCheck };
  last?: { result: ComponentHealth; at: number };
  running?: Promise<ComponentHealth>;
}

const STATE_VALUE: Record<HealthState, number> = { healthy: 1, degraded: 0.5, unhealthy: 0 };

/**
 * Component health with per-component caching: concurrent callers share one
 * in-flight check, and a result is reused for `cacheMs`.
 */
export class HealthRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly started = Date.now();

  constructor(
    private readonly service: string,
    private readonly version: string,
  ) {}

  register(name: string, options: HealthCheckOptions | HealthCheck): void {
    const o = typeof options === 'function' ? { check: options } : options;
    this.entries.set(name, { options: { critical: o.critical ?? false, cacheMs: o.cacheMs ?? 10_000, timeoutMs: o.timeoutMs ?? 5_000, check: o.check } });
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  async report(): Promise<HealthReport> {
    const components: HealthReport['components'] = {};
    let status: HealthState = 'healthy';
    await Promise.all(
      [...this.entries].map(async ([name, entry]) => {
        const fresh = entry.last && Date.now() - entry.last.at < entry.options.cacheMs;
        const result = fresh && entry.last ? entry.last.result : await this.run(entry);
        components[name] = { ...result, checkedAt: new Date(entry.last?.at ?? Date.now()).toISOString(), cached: Boolean(fresh) };
        healthStatus.set({ service: this.service, component: name }, STATE_VALUE[result.status]);
        if (result.status === 'unhealthy' && entry.options.critical) status = 'unhealthy';
        else if (result.status !== 'healthy' && status === 'healthy') status = 'degraded';
      }),
    );
    return {
      status,
      service: this.service,
      version: this.version,
      uptimeSeconds: Math.round((Date.now() - this.started) / 1000),
      timestamp: new Date().toISOString(),
      components,
    };
  }

  private run(entry: Entry): Promise<ComponentHealth> {
    if (entry.running) return entry.running;
    const started = performance.now();
    entry.running = (async () => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`health check timed out after ${entry.options.timeoutMs} ms`)), entry.options.timeoutMs);
        });
        const raw = await Promise.race([Promise.resolve(entry.options.check()), timeout]);
        const result = typeof raw === 'string' ? { status: raw } : raw;
        return { ...result, latencyMs: result.latencyMs ?? Math.round(performance.now() - started) };
      } catch (error) {
        return {
          status: 'unhealthy' as const,
          latencyMs: Math.round(performance.now() - started),
          message: error instanceof Error ? error.message : String(error),
        };
      } finally {
        clearTimeout(timer);
      }
    })();
    return entry.running.then((result) => {
      entry.last = { result, at: Date.now() };
      entry.running = undefined;
      return result;
    });
  }
}
