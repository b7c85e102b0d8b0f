import { constants } from 'node:fs';
import { copyFile, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { InvalidInputError, NotFoundError, ToolError, UnauthorizedError } from '@mcp/runtime';
import kdbxweb from 'kdbxweb';
import { installArgon2 } from './argon2.js';
import type { Backend, Probe, Revealed, SecretItem, SecretMetadata, SetInput } from './types.js';

type Kdbx = kdbxweb.Kdbx;
type Group = kdbxweb.KdbxGroup;
type Entry = kdbxweb.KdbxEntry;

const iso = (d: Date | undefined) => (d ? d.toISOString() : undefined);
const text = (v: kdbxweb.KdbxEntryField | undefined) => (v === undefined ? undefined : v instanceof kdbxweb.ProtectedValue ? undefined : v);

export interface KdbxSettings {
  path: string;
  password?: string;
  keyFilePath?: string;
}

/**
 * A KeePass database (kdbxweb; KDBX 3.1 and 4 with Argon2 from hash-wasm).
 * Entries are named by their group path below the root and their title:
 * "Internet/GitHub". The file is re-read when it changes on disk; writes are
 * serialised, locked against other writers, written to a temporary file,
 * fsynced and renamed over the original, whose previous bytes stay in
 * `<file>.bak`.
 */
export class KdbxBackend implements Backend {
  readonly id = 'kdbx';
  private cache: { db: Kdbx; mtimeMs: number; size: number } | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly settings: KdbxSettings) {
    installArgon2();
  }

  private async credentials(): Promise<kdbxweb.KdbxCredentials> {
    const password = this.settings.password === undefined ? null : kdbxweb.ProtectedValue.fromString(this.settings.password);
    const keyFile = this.settings.keyFilePath ? new Uint8Array(await readFile(this.settings.keyFilePath)) : null;
    return new kdbxweb.KdbxCredentials(password, keyFile);
  }

  private async db(): Promise<Kdbx> {
    let info: { mtimeMs: number; size: number };
    try {
      info = await stat(this.settings.path);
    } catch {
      throw new NotFoundError(`The KeePass file ${this.settings.path} (SECRETS_KDBX_PATH) does not exist.`);
    }
    if (this.cache && this.cache.mtimeMs === info.mtimeMs && this.cache.size === info.size) return this.cache.db;
    const data = await readFile(this.settings.path);
    try {
      const db = await kdbxweb.Kdbx.load(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer, await this.credentials());
      this.cache = { db, mtimeMs: info.mtimeMs, size: info.size };
      return db;
    } catch (error) {
      if (error instanceof kdbxweb.KdbxError && error.code === kdbxweb.Consts.ErrorCodes.InvalidKey) {
        throw new UnauthorizedError('The KeePass file did not open: SECRETS_KDBX_PASSWORD and/or SECRETS_KDBX_KEYFILE_PATH do not match it.');
      }
      throw new ToolError('upstream_error', `The KeePass file could not be read: ${(error as Error).message}`);
    }
  }

  /** Runs one read-modify-write at a time, with a lock file against other processes. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const lock = `${this.settings.path}.lock`;
      let handle: Awaited<ReturnType<typeof open>>;
      try {
        handle = await open(lock, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
      } catch {
        throw new ToolError('conflict', `The KeePass file is locked by another writer (${lock}).`, {
          hint: 'Retry shortly; remove the lock file if no writer is running.',
          retryAfterSeconds: 2,
        });
      }
      try {
        return await fn();
      } finally {
        await handle.close();
        await unlink(lock).catch(() => undefined);
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async save(db: Kdbx): Promise<void> {
    const bytes = new Uint8Array(await db.save());
    const temp = `${this.settings.path}.tmp-${process.pid}`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await copyFile(this.settings.path, `${this.settings.path}.bak`);
    await rename(temp, this.settings.path);
    const info = await stat(this.settings.path);
    this.cache = { db, mtimeMs: info.mtimeMs, size: info.size };
  }

  private isRecycleBin(db: Kdbx, group: Group): boolean {
    return Boolean(db.meta.recycleBinUuid && group.uuid.equals(db.meta.recycleBinUuid));
  }

  private groupAt(db: Kdbx, path: string, create = false): Group | undefined {
    let group = db.getDefaultGroup();
    for (const part of path.split('/').filter(Boolean)) {
      let next = group.groups.find((g) => g.name === part && !this.isRecycleBin(db, g));
      if (!next && create) next = db.createGroup(group, part);
      if (!next) return undefined;
      group = next;
    }
    return group;
  }

  private split(name: string): { group: string; title: string } {
    const clean = name.replace(/^\/+|\/+$/g, '');
    const at = clean.lastIndexOf('/');
    if (!clean) throw new InvalidInputError('An entry name is needed, such as "Internet/GitHub".');
    return { group: at < 0 ? '' : clean.slice(0, at), title: at < 0 ? clean : clean.slice(at + 1) };
  }

  private entry(db: Kdbx, name: string): Entry {
    const { group, title } = this.split(name);
    const found = this.groupAt(db, group)?.entries.find((e) => text(e.fields.get('Title')) === title);
    if (!found) throw new NotFoundError(`No KeePass entry "${name}".`, { hint: 'list_secrets or search_kdbx show the entries.' });
    return found;
  }

  private item(entry: Entry, prefix: string): SecretItem {
    const title = text(entry.fields.get('Title')) ?? '';
    return {
      name: prefix ? `${prefix}/${title}` : title,
      kind: 'secret',
      title,
      username: text(entry.fields.get('UserName')),
      url: text(entry.fields.get('URL')),
      createdAt: iso(entry.times.creationTime),
      updatedAt: iso(entry.times.lastModTime),
      ...(entry.times.expires && { expiresAt: iso(entry.times.expiryTime) }),
      ...(entry.tags.length > 0 && { tags: Object.fromEntries(entry.tags.map((t) => [t, ''])) }),
    };
  }

  async list(prefix: string, options: { cursor?: string; limit: number }) {
    const db = await this.db();
    const path = prefix.replace(/^\/+|\/+$/g, '');
    const group = this.groupAt(db, path);
    if (!group) throw new NotFoundError(`No KeePass group "${prefix}".`);
    const all: SecretItem[] = [
      ...group.groups.filter((g) => !this.isRecycleBin(db, g)).map((g) => ({ name: path ? `${path}/${g.name}` : (g.name ?? ''), kind: 'folder' as const })),
      ...group.entries.map((e) => this.item(e, path)),
    ];
    const start = Number(options.cursor ?? 0) || 0;
    const items = all.slice(start, start + options.limit);
    return { items, ...(start + options.limit < all.length && { nextCursor: String(start + options.limit) }) };
  }

  /** Entries whose title, user name, URL or tags contain the query (case-insensitive), outside the recycle bin. */
  async search(query: string, limit: number): Promise<{ items: SecretItem[]; truncated: boolean }> {
    const db = await this.db();
    const q = query.toLowerCase();
    const found: SecretItem[] = [];
    const walk = (group: Group, path: string) => {
      for (const entry of group.entries) {
        const hay = [text(entry.fields.get('Title')), text(entry.fields.get('UserName')), text(entry.fields.get('URL')), ...entry.tags]
          .filter(Boolean)
          .join('\n')
          .toLowerCase();
        if (hay.includes(q)) found.push(this.item(entry, path));
      }
      for (const sub of group.groups) if (!this.isRecycleBin(db, sub)) walk(sub, path ? `${path}/${sub.name}` : (sub.name ?? ''));
    };
    walk(db.getDefaultGroup(), '');
    return { items: found.slice(0, limit), truncated: found.length > limit };
  }

  async metadata(name: string): Promise<SecretMetadata> {
    const db = await this.db();
    const entry = this.entry(db, name);
    const { group } = this.split(name);
    return {
      ...this.item(entry, group),
      currentVersion: String(entry.history.length),
      versions: [
        ...entry.history.map((h, i) => ({ version: String(i), updatedAt: iso(h.times.lastModTime) })),
        { version: String(entry.history.length), updatedAt: iso(entry.times.lastModTime) },
      ],
      fields: [...entry.fields.keys()],
    };
  }

  async reveal(name: string, options: { version?: string; field?: string }): Promise<Revealed> {
    const db = await this.db();
    const current = this.entry(db, name);
    const index = options.version === undefined ? current.history.length : Number(options.version);
    const entry = index === current.history.length ? current : current.history[index];
    if (!entry) throw new NotFoundError(`"${name}" has no version ${options.version} (versions 0–${current.history.length}).`);
    const field = options.field ?? 'Password';
    const value = entry.fields.get(field);
    if (value === undefined) throw new NotFoundError(`"${name}" has no field "${field}".`, { hint: `Fields: ${[...entry.fields.keys()].join(', ')}.` });
    return { version: String(index), value: value instanceof kdbxweb.ProtectedValue ? value.getText() : value };
  }

  set(name: string, input: SetInput): Promise<{ version?: string; created: boolean }> {
    return this.exclusive(async () => {
      const db = await this.db();
      const { group, title } = this.split(name);
      const parent = this.groupAt(db, group, true) as Group;
      let entry = parent.entries.find((e) => text(e.fields.get('Title')) === title);
      const created = !entry;
      if (entry) entry.pushHistory();
      else {
        entry = db.createEntry(parent);
        entry.fields.set('Title', title);
      }
      const field = input.field ?? 'Password';
      if (input.value !== undefined) entry.fields.set(field, field === 'Password' ? kdbxweb.ProtectedValue.fromString(input.value) : input.value);
      if (input.username !== undefined) entry.fields.set('UserName', input.username);
      if (input.url !== undefined) entry.fields.set('URL', input.url);
      if (input.tags) entry.tags = Object.keys(input.tags);
      entry.times.update();
      await this.save(db);
      return { version: String(entry.history.length), created };
    });
  }

  remove(name: string, options: { permanent: boolean }): Promise<{ recoverable: boolean; detail: string }> {
    return this.exclusive(async () => {
      const db = await this.db();
      const entry = this.entry(db, name);
      const toBin = !options.permanent && db.meta.recycleBinEnabled !== false;
      if (toBin) db.remove(entry);
      else {
        db.move(entry, null);
        db.addDeletedObject(entry.uuid, new Date());
      }
      await this.save(db);
      return { recoverable: toBin, detail: toBin ? 'moved to the recycle bin' : 'deleted permanently (the previous file is in .bak)' };
    });
  }

  async probe(): Promise<Probe> {
    const db = await this.db();
    let entries = 0;
    for (const entry of db.getDefaultGroup().allEntries()) if (entry) entries += 1;
    return { ok: true, identity: db.meta.name ?? this.settings.path, detail: { entries, format: `KDBX ${db.versionMajor}.${db.versionMinor}` } };
  }
}
