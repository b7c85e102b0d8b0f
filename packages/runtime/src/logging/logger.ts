import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths redacted at the logger, whatever the level. Values are replaced, never
 * dropped, so a reader sees that a secret was there. Matching is by key name at
 * any of the depths listed: pino's redaction is path-based, so we enumerate the
 * shapes our code logs (headers, settings, tool arguments, upstream errors).
 */
const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'X-API-Key',
  'apiKey',
  'api_key',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'password',
  'passphrase',
  'secret',
  'clientSecret',
  'client_secret',
  'privateKey',
  'private_key',
];

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of SECRET_KEYS) {
    const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
    const dot = (prefix: string) => (k.startsWith('[') ? `${prefix}${k}` : `${prefix}.${k}`);
    paths.push(k);
    // Explicit shapes only: wildcard paths ('*', '*.*') made every line ~10x slower to
    // serialize (bench/RESULTS.md), and secret values are masked anywhere by value anyway.
    for (const prefix of ['headers', 'req.headers', 'request.headers', 'args', 'arguments', 'settings', 'env', 'err.config', 'config', 'auth', 'credentials']) {
      paths.push(dot(prefix));
    }
  }
  return paths;
}

export interface CreateLoggerOptions {
  service: string;
  level?: string;
  /** Extra literal values to scrub from every line (e.g. tokens read from the env). */
  secrets?: readonly string[];
  destination?: pino.DestinationStream | { write(line: string): unknown };
}

/**
 * Builds the service logger: JSON on stdout, `service` on every line, secrets
 * redacted by key and, as a second line of defence, by value — a token that ends
 * up inside a message string or an upstream error body is masked too.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const pinoOptions: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactPaths(), censor: '[REDACTED]' },
    formatters: { level: (label) => ({ level: label }) },
  };
  if (secrets.length > 0) {
    pinoOptions.hooks = {
      streamWrite: (line: string) => scrubSecrets(line, secrets),
    };
  }
  return options.destination ? pino(pinoOptions, options.destination as pino.DestinationStream) : pino(pinoOptions);
}

export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('[REDACTED]');
    // JSON-escaped form of the secret, when it holds characters JSON escapes.
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join('[REDACTED]');
  }
  return out;
}
