import { readdirSync, readFileSync } from 'node:fs';
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

describe('read_file', () => {
  it('reads text, relative to the first root or absolute', async () => {
    const result = await harness.call('read_file', { path: 'notes.txt' });
    expect(result.structuredContent).toMatchObject({
      path: join(harness.fixture.app, 'notes.txt'),
      size: 24,
      bytesRead: 24,
      eof: true,
      encoding: 'utf8',
      content: 'hello\nworld\nhello again\n',
    });
    const data = await harness.call('read_file', { path: join(harness.fixture.data, 'x.txt') });
    expect(data.structuredContent).toMatchObject({ content: 'data root\n' });
  });

  it('reads a range and says more follows', async () => {
    const result = await harness.call('read_file', { path: 'notes.txt', offset: 6, max_bytes: 5 });
    expect(result.structuredContent).toMatchObject({ offset: 6, bytesRead: 5, eof: false, content: 'world' });
    expect(textOf(result)).toContain('more follows');
  });

  it('returns binary content as base64', async () => {
    const result = await harness.call('read_file', { path: 'bin.dat' });
    expect(result.structuredContent).toMatchObject({ encoding: 'base64', content: Buffer.from([0x7f, 0x45, 0x00, 0x01, 0xff]).toString('base64') });
  });

  it.each([
    ['../outside/secret.txt', 'parent-traversal'],
    ['outside-link/secret.txt', 'outside-roots'],
    ['passwd-link', 'outside-roots'],
    ['/etc/passwd', 'outside-roots'],
    ['/etc/shadow', 'sensitive-path'],
    ['~/.ssh/id_rsa', 'tilde'],
  ])('refuses %j', async (path, rule) => {
    const result = await harness.call('read_file', { path });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(`Refused (${rule})`);
    expect(textOf(result)).not.toContain('TOP SECRET');
  });

  it('says when the file is missing or a directory', async () => {
    expect(textOf(await harness.call('read_file', { path: 'missing.txt' }))).toMatch(/does not exist/);
    expect(textOf(await harness.call('read_file', { path: 'sub' }))).toMatch(/is a directory.*list_dir/);
  });
});

describe('list_dir', () => {
  it('lists the first root by default, symlinks not followed', async () => {
    const result = await harness.call('list_dir', {});
    const entries = result.structuredContent?.entries as Array<{ path: string; type: string; size: number }>;
    expect(entries.find((e) => e.path === 'notes.txt')).toMatchObject({ type: 'file', size: 24 });
    expect(entries.find((e) => e.path === 'sub')).toMatchObject({ type: 'directory' });
    expect(entries.find((e) => e.path === 'link-out')).toMatchObject({ type: 'symlink' });
    expect(entries.some((e) => e.path.startsWith('sub/'))).toBe(false);
    expect(result.structuredContent?.truncated).toBe(false);
  });

  it('goes deeper and bounds the result', async () => {
    const deep = await harness.call('list_dir', { path: 'sub', depth: 3 });
    expect((deep.structuredContent!.entries as Array<{ path: string }>).map((e) => e.path)).toEqual(['deeper', 'deeper/leaf.txt']);
    const limited = await harness.call('list_dir', { limit: 2 });
    expect(limited.structuredContent).toMatchObject({ truncated: true });
    expect(limited.structuredContent?.entries).toHaveLength(2);
  });

  it('refuses directories outside the roots', async () => {
    expect(textOf(await harness.call('list_dir', { path: 'link-out' }))).toContain('Refused (outside-roots)');
    expect(textOf(await harness.call('list_dir', { path: '/' }))).toContain('Refused (outside-roots)');
    expect(textOf(await harness.call('list_dir', { path: 'notes.txt' }))).toMatch(/not a directory/);
  });
});

describe('write_file', () => {
  it('creates a new file without a backup', async () => {
    const result = await harness.call('write_file', { path: 'new.txt', content: 'fresh\n' });
    expect(result.structuredContent).toMatchObject({ created: true, bytesWritten: 6 });
    expect(result.structuredContent?.backup).toBeUndefined();
    expect(readFileSync(join(harness.fixture.app, 'new.txt'), 'utf8')).toBe('fresh\n');
  });

  it('backs up an existing file before overwriting it', async () => {
    const result = await harness.call('write_file', { path: 'notes.txt', content: 'replaced\n' });
    const backup = result.structuredContent?.backup as string;
    expect(backup).toMatch(/\/\.linux-cli-backups\/notes\.txt\.\d{4}-/);
    expect(readFileSync(backup, 'utf8')).toBe('hello\nworld\nhello again\n');
    expect(readFileSync(join(harness.fixture.app, 'notes.txt'), 'utf8')).toBe('replaced\n');
    expect(textOf(result)).toContain('previous content in');
  });

  it('appends (backed up too) and writes base64', async () => {
    await harness.call('write_file', { path: 'logs/app.log', content: 'line 4\n', mode: 'append' });
    expect(readFileSync(join(harness.fixture.app, 'logs/app.log'), 'utf8')).toBe('line 1\nline 2\nline 3\nline 4\n');
    expect(readdirSync(join(harness.fixture.app, '.linux-cli-backups', 'logs'))).toHaveLength(1);
    await harness.call('write_file', { path: 'b.bin', content: Buffer.from([0, 1, 2]).toString('base64'), encoding: 'base64' });
    expect([...readFileSync(join(harness.fixture.app, 'b.bin'))]).toEqual([0, 1, 2]);
  });

  it('mode create fails on an existing file', async () => {
    const result = await harness.call('write_file', { path: 'notes.txt', content: 'x', mode: 'create' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('already exists');
  });

  it.each([
    ['../outside/x.txt', 'parent-traversal'],
    ['outside-link/secret.txt', 'outside-roots'],
    ['link-out/cron.d/evil', 'outside-roots'],
    ['/etc/evil', 'outside-roots'],
    ['.linux-cli-backups/notes.txt.1', 'backup-dir'],
  ])('refuses %j', async (path, rule) => {
    const result = await harness.call('write_file', { path, content: 'x' });
    expect(textOf(result)).toContain(`Refused (${rule})`);
    expect(readFileSync(join(harness.fixture.outside, 'secret.txt'), 'utf8')).toBe('TOP SECRET\n');
  });

  it('needs the parent directory to exist', async () => {
    expect(textOf(await harness.call('write_file', { path: 'no/such/dir/x.txt', content: 'x' }))).toMatch(/does not exist.*mkdir/s);
  });
});
