import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** OpenSSH's fingerprint of a host key blob: `SHA256:` + unpadded base64 of its SHA-256. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The name known_hosts uses: `host`, or `[host]:port` on a port other than 22. */
function hostPattern(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function matchesHost(field: string, name: string): boolean {
  return field.split(',').some((entry) => {
    if (entry.startsWith('|1|')) {
      const [, , salt = '', hash = ''] = entry.split('|');
      return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
    }
    return entry === name;
  });
}

/** Keys known_hosts lists for the host (plain or hashed names; revoked and CA lines are not trusted). */
export function knownHostKeys(file: string, host: string, port: number): Buffer[] {
  const name = hostPattern(host, port);
  const keys: Buffer[] = [];
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('@')) continue;
    const [hosts = '', , key = ''] = line.split(/\s+/);
    if (matchesHost(hosts, name)) keys.push(Buffer.from(key, 'base64'));
  }
  return keys;
}

/**
 * A host-key verifier for ssh2: the presented key must match the pinned
 * fingerprint or a known_hosts entry. No pin and no entry → refused (never
 * trust on first use).
 */
export function hostVerifier(options: { host: string; port: number; hostKeySha256?: string; knownHostsPath?: string }): (key: Buffer) => boolean {
  return (key) => {
    if (options.hostKeySha256) return fingerprint(key) === options.hostKeySha256.replace(/=+$/, '');
    if (options.knownHostsPath) return knownHostKeys(options.knownHostsPath, options.host, options.port).some((k) => k.equals(key));
    return false;
  };
}
