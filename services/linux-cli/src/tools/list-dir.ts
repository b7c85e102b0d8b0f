import { defineTool, InvalidInputError, NotFoundError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { LinuxCliClient } from '../client.js';
import { hostInput } from '../models.js';

export const listDir = defineTool({
  name: 'list_dir',
  title: 'List a directory',
  description:
    'Lists a directory inside the roots, `depth` levels deep (1–5): relative path, type (file, directory, symlink, other), size in bytes and modification time, sorted by path, at most `limit` entries (truncated says when more exist). Symlinks are listed, not followed.',
  input: z.object({
    path: z.string().min(1).max(4096).optional().describe('Absolute, or relative to the first root (default: the first root)'),
    host: hostInput,
    depth: z.number().int().min(1).max(5).default(1),
    limit: z.number().int().min(1).max(5000).default(500),
  }),
  output: z.object({
    host: z.string(),
    path: z.string(),
    entries: z.array(z.object({ path: z.string(), type: z.enum(['file', 'directory', 'symlink', 'other']), size: z.number(), modifiedAt: z.string() })),
    truncated: z.boolean(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  largeResult: true,
  render: (o) =>
    [
      `${o.path} on ${o.host}: ${o.entries.length} entries${o.truncated ? ' (truncated)' : ''}`,
      ...o.entries.map(
        (e) =>
          `${e.type === 'directory' ? 'd' : e.type === 'symlink' ? 'l' : e.type === 'file' ? '-' : '?'} ${String(e.size).padStart(10)} ${e.modifiedAt} ${e.path}`,
      ),
    ].join('\n'),
  handler: async ({ path, host, depth, limit }, { client }: ToolContext<LinuxCliClient>) => {
    const on = client.target(host);
    const { path: real } = await client.confinePath(on, path ?? (await on.roots())[0] ?? '/');
    const info = await on.stat(real);
    if (!info) throw new NotFoundError(`${path} does not exist on ${on.name}.`);
    if (info.type !== 'directory') throw new InvalidInputError(`${path} is not a directory.`, { hint: 'Use read_file for files.' });
    const listing = await on.listDir(real, depth, limit, { timeoutMs: client.timeout(), maxBytes: client.maxBytes });
    return { host: on.name, path: real, ...listing };
  },
});
