import * as z from 'zod';
import { BACKENDS } from './env.js';

export const backendInput = z.enum(BACKENDS).optional().describe('kdbx | vault | azure_kv; may be omitted when only one backend is enabled');

export const secretItem = z.object({
  name: z.string(),
  kind: z.enum(['secret', 'folder']),
  enabled: z.boolean().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  expiresAt: z.string().optional(),
  contentType: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  title: z.string().optional(),
  username: z.string().optional(),
  url: z.string().optional(),
});

export const secretMetadata = secretItem.extend({
  backend: z.string(),
  currentVersion: z.string().optional(),
  versions: z.array(
    z.object({
      version: z.string(),
      createdAt: z.string().optional(),
      updatedAt: z.string().optional(),
      enabled: z.boolean().optional(),
      deleted: z.boolean().optional(),
      destroyed: z.boolean().optional(),
    }),
  ),
  fields: z.array(z.string()).optional().describe('Field or key names; values only through get_secret'),
});

/** Names and paths: bounded, single-line. */
export const nameInput = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[^\r\n\0]+$/, 'a single line');
