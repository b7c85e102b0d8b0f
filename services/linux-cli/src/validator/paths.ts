import { posix } from 'node:path';
import { refuse } from './types.js';

/** Resolves paths the way `realpath -m` does: absolute, symlinks of existing parts followed. */
export interface PathResolver {
  canonical(paths: readonly string[]): Promise<string[]>;
}

/** Paths never read or written whatever the roots (credentials, kernel memory, other processes' secrets). */
const SENSITIVE: RegExp[] = [
  /^\/etc\/(?:shadow|gshadow|sudoers)(?:[-.]|\/|$)/,
  /^\/etc\/ssh\/ssh_host_[^/]*_key$/,
  /\/\.ssh\/(?:id_[^/]*|authorized_keys2?|known_hosts)$/,
  /\/\.(?:gnupg|aws|kube|docker)(?:\/|$)/,
  /^\/proc\/(?:\d+|self|thread-self)\/(?:environ|mem|maps|cmdline|fd)(?:\/|$)/,
  /^\/proc\/(?:kcore|kmem|sysrq-trigger)$/,
  /^\/dev\/(?:mem|kmem|port|sd[a-z]|nvme|mmcblk|vd[a-z]|xvd|hd[a-z]|dm-|mapper|loop|disk)/,
  /^\/sys\/(?:firmware|kernel\/security)/,
];

export function isSensitive(path: string): boolean {
  return SENSITIVE.some((re) => re.test(path));
}

/** Is `child` the root itself or below it (both canonical)? */
export function within(child: string, root: string): boolean {
  if (root === '/') return child.startsWith('/');
  return child === root || child.startsWith(`${root}/`);
}

/**
 * The arguments that may name files: every operand and every `--opt=value`
 * value (a leading `@`, as curl reads files, is stripped). Options alone are
 * not paths. Over-inclusive on purpose: a pattern like "foo" resolves inside
 * the working directory and passes, one like "/etc" does not.
 */
export function pathCandidates(argv: readonly string[]): string[] {
  const out: string[] = [];
  let operandsOnly = false;
  for (const arg of argv.slice(1)) {
    if (!operandsOnly && arg === '--') {
      operandsOnly = true;
      continue;
    }
    let value = arg;
    if (!operandsOnly && arg.startsWith('-')) {
      const eq = arg.indexOf('=');
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (/^-[^-]/.test(arg) && /[/.~]/.test(arg)) {
        // A value glued to a short option (grep -f/etc/shadow, -f../x): check what follows the letter and what follows the first "/".
        out.push(arg.slice(2));
        const slash = arg.indexOf('/');
        if (slash > 0) out.push(arg.slice(slash));
        continue;
      } else continue;
    } else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(arg)) {
      out.push(arg); // a file may be named so; its value may be a path too (dd of=PATH)
      value = arg.slice(arg.indexOf('=') + 1);
    }
    if (value.startsWith('@')) value = value.slice(1);
    if (value !== '') out.push(value);
  }
  return out;
}

/** Checks that need no file system: traversal and home shorthands. */
export function checkLexical(path: string): void {
  if (path.split('/').includes('..'))
    refuse('parent-traversal', `"${path}" contains "..": paths may not climb out of a directory.`, 'Use a path inside the allowed roots.');
  if (path.startsWith('~')) refuse('tilde', `"${path}" starts with "~", which is not expanded; write the absolute path.`);
  if (isSensitive(posix.normalize(path))) refuse('sensitive-path', `"${path}" is a credential or kernel path and is never accessed.`);
}

/**
 * Resolves `paths` against `cwd` and the file system, and refuses any that
 * lands outside the roots (directly, or through a symlink). Returns the
 * canonical paths.
 */
export async function confine(cwd: string, paths: readonly string[], roots: readonly string[], resolver: PathResolver): Promise<string[]> {
  for (const p of paths) checkLexical(p);
  const absolute = paths.map((p) => posix.resolve(cwd, p));
  const canonical = await resolver.canonical(absolute);
  canonical.forEach((real, i) => {
    const asked = paths[i] as string;
    if (isSensitive(real)) refuse('sensitive-path', `"${asked}" resolves to ${real}, a credential or kernel path that is never accessed.`);
    if (!roots.some((root) => within(real, root))) {
      const how = real === absolute[i] ? '' : ` (through a symlink, to ${real})`;
      refuse('outside-roots', `"${asked}" is outside the allowed roots${how}.`, `Allowed roots: ${roots.join(', ')}.`);
    }
  });
  return canonical;
}
