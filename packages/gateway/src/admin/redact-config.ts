import type { NamedBackendConfig } from '../config/schema.js';

const HIDDEN = '[redacted]';

/**
 * The effective registry as the admin API shows it: header and env values
 * hidden. They hold tokens, and after `${VAR}` expansion they hold secrets
 * from the gateway's own environment that no admin ever typed in.
 */
export function redactEffectiveConfigs(configs: readonly NamedBackendConfig[]): NamedBackendConfig[] {
  return configs.map((named) => {
    const config: Record<string, unknown> = { ...named.config };
    for (const field of ['headers', 'env'] as const) {
      const value = config[field];
      if (value && typeof value === 'object') config[field] = Object.fromEntries(Object.keys(value).map((k) => [k, HIDDEN]));
    }
    return { ...named, config: config as NamedBackendConfig['config'] };
  });
}
