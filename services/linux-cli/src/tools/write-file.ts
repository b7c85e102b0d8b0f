import { defineTool, ForbiddenError, InvalidInputError, NotFoundError, type ToolContext, ToolError } from '@mcp/runtime';
import { posix } from 'node:path';
import * as z from 'zod';
import type { LinuxCliClient } from '../client.js';
import { hostInput } from '../models.js';

export const writeFile = defineTool({
  name: 'write_file',
  title: 'Write a file (backed up first)',
  description:
    'Writes a file inside the roots: `overwrite` (default), `append`, or `create` (fails if it exists). An existing file is first copied to <root>/.linux-cli-backups/<path>.<UTC time>; the answer names the copy. The parent directory must exist. Destructive: needs approval through the gateway.',
  input: z.object({
    path: z.string().min(1).max(4096).describe('Absolute, or relative to the first root'),
    content: z.string().max(16 * 1024 * 1024),
    encoding: z.enum(['utf8', 'base64']).default('utf8'),
    mode: z.enum(['overwrite', 'append', 'create']).default('overwrite'),
    host: hostInput,
  }),
  output: z.object({
    host: z.string(),
    path: z.string(),
    bytesWritten: z.number(),
    created: z.boolean(),
    backup: z.string().optional().describe('Where the previous content was copied'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  render: (o) =>
    `Wrote ${o.bytesWritten} bytes to ${o.path} on ${o.host}${o.created ? ' (new file)' : ''}${o.backup ? `; previous content in ${o.backup}` : ''}.`,
  handler: async ({ path, content, encoding, mode, host }, { client, logger }: ToolContext<LinuxCliClient>) => {
    const on = client.target(host);
    const { path: real, root } = await client.confinePath(on, path);
    if (client.isBackup(real, root))
      throw new ForbiddenError(`Refused (backup-dir): ${path} is in the backup directory, which tools never change.`, { details: { rule: 'backup-dir' } });
    if (real === root) throw new InvalidInputError(`${path} is a root directory.`);
    const parent = await on.stat(posix.dirname(real));
    if (parent?.type !== 'directory')
      throw new NotFoundError(`The directory ${posix.dirname(real)} does not exist on ${on.name}.`, {
        hint: 'Create it first with run_write_command "mkdir -p DIR".',
      });
    const existing = await on.stat(real);
    if (existing && existing.type !== 'file') throw new InvalidInputError(`${path} is a ${existing.type}, not a file.`);
    if (existing && mode === 'create')
      throw new ToolError('conflict', `${path} already exists.`, { hint: 'Use mode "overwrite" (it is backed up first) or "append".' });
    let backup: string | undefined;
    if (existing) {
      backup = client.backupPathFor(real, root);
      await on.copyFile(real, backup);
    }
    const data = Buffer.from(content, encoding);
    await on.writeFile(real, data, mode === 'append');
    logger.info({ audit: { action: 'write_file', host: on.name, path: real, bytes: data.length, backup } }, 'file written');
    return { host: on.name, path: real, bytesWritten: data.length, created: !existing, ...(backup && { backup }) };
  },
});
