import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SettingsError } from '@mcp/runtime';
import { SignJWT } from 'jose';
import { type AuthMode, authMode, type SnowflakeEnv } from './env.js';

/** Snowflake accepts key-pair JWTs living at most one hour. */
const JWT_LIFETIME_S = 59 * 60;
/** A cached JWT is re-minted this long before it expires, so no request carries one about to lapse. */
const JWT_REFRESH_MARGIN_S = 5 * 60;

const TOKEN_TYPE: Record<AuthMode, string> = {
  keypair: 'KEYPAIR_JWT',
  pat: 'PROGRAMMATIC_ACCESS_TOKEN',
  oauth: 'OAUTH',
};

/**
 * The account part of the JWT claims, as Snowflake's own generator computes it:
 * upper case, without region or cloud segments (`xy12345.us-east-1` → `XY12345`),
 * and for replication's `.global` identifiers the part before the first hyphen.
 */
export function jwtAccount(account: string): string {
  const bare = account.replace(/\.snowflakecomputing\.com$/i, '');
  const cut = bare.includes('.global') ? bare.indexOf('-') : bare.indexOf('.');
  return (cut > 0 ? bare.slice(0, cut) : bare).toUpperCase();
}

/** `SHA256:<base64 of the SHA-256 of the public key's DER (SubjectPublicKeyInfo)>`, as `DESC USER` shows RSA_PUBLIC_KEY_FP. */
export function publicKeyFingerprint(privateKey: KeyObject): string {
  const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

/** Loads the PEM key once at start-up; a bad file, key or passphrase stops the service with one line naming the variable. */
export function loadPrivateKey(env: SnowflakeEnv): KeyObject {
  const variable = env.SNOWFLAKE_PRIVATE_KEY ? 'SNOWFLAKE_PRIVATE_KEY' : 'SNOWFLAKE_PRIVATE_KEY_PATH';
  let pem: string;
  if (env.SNOWFLAKE_PRIVATE_KEY) {
    pem = env.SNOWFLAKE_PRIVATE_KEY.replace(/\\n/g, '\n');
  } else {
    try {
      pem = readFileSync(env.SNOWFLAKE_PRIVATE_KEY_PATH as string, 'utf8');
    } catch (error) {
      throw new SettingsError(
        `Invalid configuration: SNOWFLAKE_PRIVATE_KEY_PATH is invalid (cannot read the file: ${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem', ...(env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE && { passphrase: env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE }) });
  } catch {
    const why = env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE
      ? 'not a PEM private key, or SNOWFLAKE_PRIVATE_KEY_PASSPHRASE does not decrypt it'
      : 'not a PEM private key; an encrypted key also needs SNOWFLAKE_PRIVATE_KEY_PASSPHRASE';
    throw new SettingsError(`Invalid configuration: ${variable} is invalid (${why})`);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new SettingsError(`Invalid configuration: ${variable} is invalid (Snowflake key-pair auth needs an RSA key, got ${key.asymmetricKeyType})`);
  }
  return key;
}

export interface SnowflakeAuth {
  mode: AuthMode | undefined;
  /** Headers for one attempt: a cached JWT (re-minted near expiry) or the static token. */
  headers(): Promise<Record<string, string>>;
  /** What a 401/403 means with this auth mode, naming the variable to fix. */
  describe(status: 401 | 403): string;
}

/** Builds the auth of the configured mode. Without credentials it sends none: the runtime answers "not configured" first. */
export function createAuth(env: SnowflakeEnv, now: () => number = Date.now): SnowflakeAuth {
  const mode = authMode(env);
  const common = { 'x-snowflake-authorization-token-type': mode ? TOKEN_TYPE[mode] : 'OAUTH' };
  const describe = (status: 401 | 403) => describeAuthError(mode, env, status);

  if (mode === 'keypair' && env.SNOWFLAKE_ACCOUNT && env.SNOWFLAKE_USER && (env.SNOWFLAKE_PRIVATE_KEY || env.SNOWFLAKE_PRIVATE_KEY_PATH)) {
    const key = loadPrivateKey(env);
    const qualifiedUser = `${jwtAccount(env.SNOWFLAKE_ACCOUNT)}.${env.SNOWFLAKE_USER.toUpperCase()}`;
    const issuer = `${qualifiedUser}.${publicKeyFingerprint(key)}`;
    let cached: { token: string; expiresAt: number } | undefined;
    let minting: Promise<string> | undefined;
    const mint = async (): Promise<string> => {
      const issuedAt = Math.floor(now() / 1000);
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
        .setIssuer(issuer)
        .setSubject(qualifiedUser)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + JWT_LIFETIME_S)
        .sign(key);
      cached = { token, expiresAt: issuedAt + JWT_LIFETIME_S };
      return token;
    };
    return {
      mode,
      describe,
      async headers() {
        if (cached && cached.expiresAt - JWT_REFRESH_MARGIN_S > now() / 1000) return { authorization: `Bearer ${cached.token}`, ...common };
        // Concurrent callers share one signature instead of each minting their own.
        if (!minting) {
          minting = mint().finally(() => {
            minting = undefined;
          });
        }
        return { authorization: `Bearer ${await minting}`, ...common };
      },
    };
  }
  const token = mode === 'pat' ? env.SNOWFLAKE_PAT : mode === 'oauth' ? env.SNOWFLAKE_OAUTH_TOKEN : undefined;
  const headers = token ? { authorization: `Bearer ${token}`, ...common } : {};
  return { mode, describe, headers: async () => headers };
}

function describeAuthError(mode: AuthMode | undefined, env: SnowflakeEnv, status: 401 | 403): string {
  if (status === 403) {
    const role = env.SNOWFLAKE_ROLE ? `the role in SNOWFLAKE_ROLE (${env.SNOWFLAKE_ROLE})` : "the user's default role (set SNOWFLAKE_ROLE to choose one)";
    return `The user is authenticated but ${role} lacks a privilege this call needs, or a network policy blocks this client.`;
  }
  switch (mode) {
    case 'keypair':
      return 'Check SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER and SNOWFLAKE_PRIVATE_KEY(_PATH): the key-pair JWT was rejected. The public key must be registered on that user (ALTER USER … SET RSA_PUBLIC_KEY), and its fingerprint must match DESC USER RSA_PUBLIC_KEY_FP.';
    case 'pat':
      return 'Check SNOWFLAKE_PAT: the programmatic access token is wrong, expired, revoked, or not allowed from this network (PATs need a network policy unless exempted).';
    case 'oauth':
      return 'Check SNOWFLAKE_OAUTH_TOKEN: the OAuth access token is wrong or expired (they live minutes to hours; mint a new one).';
    default:
      return 'Set SNOWFLAKE_PRIVATE_KEY_PATH, SNOWFLAKE_PAT or SNOWFLAKE_OAUTH_TOKEN.';
  }
}
