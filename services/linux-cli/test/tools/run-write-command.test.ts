import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from '../harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

describe('run_write_command', () => {
  it('backs up every existing file it names, then runs', async () => {
    const { app } = harness.fixture;
    const result = await harness.call('run_write_command', { command: 'cp logs/app.log notes.txt' });
    expect(result.isError, textOf(result)).toBeFalsy();
    const backups = result.structuredContent?.backups as Array<{ path: string; backup: string }>;
    expect(backups.map((b) => b.path).sort()).toEqual([join(app, 'logs/app.log'), join(app, 'notes.txt')]);
    const notes = backups.find((b) => b.path.endsWith('notes.txt'));
    expect(notes?.backup).toMatch(new RegExp(`^${app}/\\.linux-cli-backups/notes\\.txt\\.\\d{4}-\\d\\d-\\d\\dT`));
    expect(readFileSync(notes?.backup as string, 'utf8')).toBe('hello\nworld\nhello again\n');
    expect(readFileSync(join(app, 'notes.txt'), 'utf8')).toBe('line 1\nline 2\nline 3\n');
    expect(textOf(result)).toContain('backed up');
  });

  it('backs up a directory before a recursive delete inside a root', async () => {
    const { app } = harness.fixture;
    const result = await harness.call('run_write_command', { command: 'rm -r sub' });
    expect(result.structuredContent).toMatchObject({ exitCode: 0 });
    expect(existsSync(join(app, 'sub'))).toBe(false);
    const [backup] = result.structuredContent!.backups as Array<{ backup: string }>;
    expect(readFileSync(join(backup?.backup as string, 'deeper', 'leaf.txt'), 'utf8')).toBe('leaf\n');
  });

  it('creates without backups when nothing exists yet', async () => {
    const result = await harness.call('run_write_command', { command: 'mkdir -p new/dir' });
    expect(result.structuredContent).toMatchObject({ exitCode: 0, class: 'write', backups: [] });
    expect(existsSync(join(harness.fixture.app, 'new', 'dir'))).toBe(true);
    expect(existsSync(join(harness.fixture.app, '.linux-cli-backups'))).toBe(false);
  });

  it.each([
    ['rm -rf /', 'recursive-delete'],
    ['rm -rf .', 'recursive-delete'],
    ['mv notes.txt ../outside/', 'parent-traversal'],
    ['cp notes.txt outside-link/', 'outside-roots'],
    ['chown root notes.txt', 'privilege-escalation'],
  ])('refuses %j', async (command, rule) => {
    const result = await harness.call('run_write_command', { command });
    expect(textOf(result)).toContain(`Refused (${rule})`);
    expect(readdirSync(harness.fixture.outside)).toEqual(['secret.txt']);
  });

  it('is annotated destructive', async () => {
    const { tools } = await harness.client.listTools();
    expect(tools.find((t) => t.name === 'run_write_command')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
  });
});
