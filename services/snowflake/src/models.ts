import * as z from 'zod';

/**
 * Shapes of Snowflake payloads, parsed once at the client boundary (src/client.ts):
 * tools receive typed data, and whatever the upstream sends is untrusted text.
 * Add one schema per payload a tool reads, following the API's documented shapes.
 */

/** Fields that commonly name the caller in a "who am I" answer; unknown fields are ignored. */
export const identityPayload = z.looseObject({
  login: z.string().optional(),
  username: z.string().optional(),
  email: z.string().optional(),
  name: z.string().optional(),
  id: z.union([z.string(), z.number()]).optional(),
});

/** The runtime's reading of the upstream's rate-limit headers. */
export const rateLimitSchema = z.object({
  limit: z.number().optional(),
  remaining: z.number().optional(),
  used: z.number().optional(),
  resetAt: z.string().optional().describe('When the window resets, ISO 8601'),
  resource: z.string().optional(),
});

export type RateLimit = z.infer<typeof rateLimitSchema>;

const MAX_IDENTITY_CHARS = 200;

/** Who the credentials belong to, from the health call's body; undefined when it does not say. */
export function identityFromBody(body: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = identityPayload.safeParse(json);
  if (!parsed.success) return undefined;
  const { login, username, email, name, id } = parsed.data;
  const identity = login ?? username ?? email ?? name ?? (id === undefined ? undefined : String(id));
  return identity?.slice(0, MAX_IDENTITY_CHARS);
}
