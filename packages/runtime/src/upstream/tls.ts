import type { Logger } from 'pino';

/** PEM text or bytes (one certificate/key, or a bundle). */
export type PemInput = string | Buffer;

/**
 * TLS settings of one upstream: a private CA, a client certificate (mTLS), the
 * name to verify, and — only when asked explicitly — no verification at all.
 */
export interface UpstreamTlsOptions {
  /** CAs to trust instead of Node's bundled roots (a cluster CA, a corporate CA). */
  ca?: PemInput | readonly PemInput[];
  /** Client certificate (chain) presented to the upstream; needs `key`. */
  cert?: PemInput;
  /** Private key of `cert`. */
  key?: PemInput;
  /** Decrypts an encrypted `key`. */
  passphrase?: string;
  /** Name to send (SNI) and verify the certificate against, when it differs from the URL's host. */
  servername?: string;
  /** Default true. false accepts any certificate (man-in-the-middle included): a warning is logged. */
  rejectUnauthorized?: boolean;
}

/** The subset of undici's `connect` options the TLS settings map to. */
export interface TlsConnectOptions {
  ca?: PemInput[];
  cert?: PemInput;
  key?: PemInput;
  passphrase?: string;
  servername?: string;
  rejectUnauthorized?: boolean;
}

/** Upstreams already warned about, so a client rebuilt per test or reload does not repeat the line. */
const warnedInsecure = new Set<string>();

/**
 * Validates the TLS settings and turns them into undici `connect` options.
 * A certificate without its key (or the reverse) is a configuration error,
 * thrown at start-up rather than surfacing as an opaque handshake failure.
 */
export function tlsConnectOptions(service: string, name: string, tls: UpstreamTlsOptions | undefined, logger: Logger | undefined): TlsConnectOptions {
  if (!tls) return {};
  if (Boolean(tls.cert) !== Boolean(tls.key)) {
    throw new TypeError(`upstream ${name}: TLS client authentication needs both cert and key (got only ${tls.cert ? 'cert' : 'key'})`);
  }
  const ca = tls.ca === undefined ? undefined : Array.isArray(tls.ca) ? [...tls.ca] : [tls.ca as PemInput];
  if (tls.rejectUnauthorized === false) {
    const key = `${service}/${name}`;
    if (!warnedInsecure.has(key)) {
      warnedInsecure.add(key);
      const message = `TLS certificate verification is DISABLED for upstream ${name}: any certificate is accepted, so traffic can be intercepted`;
      if (logger) logger.warn({ upstream: name }, message);
      else process.emitWarning(message, { code: 'MCP_INSECURE_TLS' });
    }
  }
  return {
    ...(ca && ca.length > 0 && { ca }),
    ...(tls.cert && { cert: tls.cert }),
    ...(tls.key && { key: tls.key }),
    ...(tls.passphrase !== undefined && { passphrase: tls.passphrase }),
    ...(tls.servername && { servername: tls.servername }),
    rejectUnauthorized: tls.rejectUnauthorized !== false,
  };
}
