import * as z from 'zod';

export const namespaceInput = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'a namespace name (lower-case letters, digits and -)')
  .optional()
  .describe('Namespace (default K8S_NAMESPACE); must be in the allowlist');

/** Object names are DNS subdomains (RFC 1123): they never reach a URL path unchecked. */
export const nameInput = (what: string) =>
  z
    .string()
    .min(1)
    .max(253)
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, `a ${what} name (lower-case letters, digits, - and .)`)
    .describe(`${what} name`);

export const listInput = {
  labelSelector: z.string().max(1_000).optional().describe('e.g. app=web,tier!=cache'),
  limit: z.number().int().min(1).max(500).default(100),
  continue: z.string().max(2_000).optional().describe('continue token of the previous page'),
};

export const pageOutput = {
  continue: z.string().optional().describe('Pass back as continue for the next page'),
  remainingItemCount: z.number().optional().describe('Approximate number of items after this page'),
};

/** `metadata.continue` / `remainingItemCount` of a list, when there is more. */
export function pageOf(meta: { _continue?: string; remainingItemCount?: number } | undefined) {
  return {
    ...(meta?._continue && { continue: meta._continue }),
    ...(meta?.remainingItemCount !== undefined && { remainingItemCount: meta.remainingItemCount }),
  };
}

export const dryRunInput = z.boolean().default(false).describe('Server-side dry run: validate and show the effect without changing anything');
