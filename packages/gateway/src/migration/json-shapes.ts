/** The transports a registry entry may name. */
export const TRANSPORTS = ['stdio', 'http', 'streamable-http', 'sse'] as const;

export function isTransport(value: unknown): value is (typeof TRANSPORTS)[number] {
  return TRANSPORTS.includes(value as (typeof TRANSPORTS)[number]);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
