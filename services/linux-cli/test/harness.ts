import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Closable, type Env, type ServiceHarness, startServiceHarness } from '@mcp/testing';
import { DEFAULT_ALLOWED_COMMANDS } from '../src/env.js';
import { createLinuxCliService } from '../src/server.js';

export { textOf } from '@mcp/testing';

export interface Fixture {
  base: string;
  app: string;
  data: string;
  outside: string;
  bin: string;
  path: string;
  cleanup(): void;
}

/**
 * A throw-away tree: two roots (app, data) with files, a binary file, symlinks
 * inside and out of the roots, a directory outside every root, and fake
 * journalctl / systemctl on a PATH of their own.
 */
export function makeFixture(): Fixture {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'linux-cli-')));
  const app = join(base, 'app');
  const data = join(base, 'data');
  const outside = join(base, 'outside');
  const bin = join(base, 'bin');
  for (const dir of [app, join(app, 'logs'), join(app, 'sub', 'deeper'), data, outside, bin]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(app, 'notes.txt'), 'hello\nworld\nhello again\n');
  writeFileSync(join(app, 'logs', 'app.log'), 'line 1\nline 2\nline 3\n');
  writeFileSync(join(app, 'sub', 'deeper', 'leaf.txt'), 'leaf\n');
  writeFileSync(join(app, 'bin.dat'), Buffer.from([0x7f, 0x45, 0x00, 0x01, 0xff]));
  writeFileSync(join(app, "it's.txt"), 'quoted name\n');
  writeFileSync(join(data, 'x.txt'), 'data root\n');
  writeFileSync(join(outside, 'secret.txt'), 'TOP SECRET\n');
  symlinkSync('/etc', join(app, 'link-out'));
  symlinkSync('/etc/passwd', join(app, 'passwd-link'));
  symlinkSync(outside, join(app, 'outside-link'));
  symlinkSync('notes.txt', join(app, 'inner-link'));
  symlinkSync(data, join(app, 'data-link'));
  const script = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  script(
    'journalctl',
    'for a in "$@"; do echo "arg: $a"; done\ncase "$*" in *missing.service*) echo "No journal files were found." >&2; exit 1;; esac\necho "2024-05-01T10:00:00+0000 host nginx[1]: started"',
  );
  script(
    'systemctl',
    'case "$1" in is-active) echo active;; restart|start|stop|reload) [ "$2" = broken.service ] && { echo "Job for broken.service failed." >&2; exit 1; }; exit 0;; status) echo "● $2 - fake"; exit 0;; *) exit 0;; esac',
  );
  return { base, app, data, outside, bin, path: `${bin}:/usr/sbin:/usr/bin:/sbin:/bin`, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

/** Settings of a configured service on the fixture. */
export function testEnv(fixture: Fixture, extra: Env = {}): Env {
  return {
    LOG_LEVEL: 'silent',
    LINUX_CLI_ROOTS: `${fixture.app},${fixture.data}`,
    LINUX_CLI_PATH: fixture.path,
    LINUX_CLI_ALLOWED_COMMANDS: `${DEFAULT_ALLOWED_COMMANDS},sleep:read,yes:read,rm`,
    ...extra,
  };
}

export type Harness = ServiceHarness<ReturnType<typeof createLinuxCliService>, Fixture & Closable> & { fixture: Fixture };

/** The service in-process (no socket), driven by the SDK client; a fixture passed in outlives the harness. */
export async function startHarness(options: { env?: Env; fixture?: Fixture } = {}): Promise<Harness> {
  const h = await startServiceHarness({
    upstream: () => {
      const fixture = options.fixture ?? makeFixture();
      return { ...fixture, close: () => (options.fixture ? undefined : fixture.cleanup()) };
    },
    createService: (fixture) => createLinuxCliService(testEnv(fixture, options.env)),
  });
  return { ...h, fixture: h.upstream };
}
