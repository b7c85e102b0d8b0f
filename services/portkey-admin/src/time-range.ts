import { InvalidInputError } from '@mcp/runtime';
import * as z from 'zod';

/** ISO 8601 date-time with a zone (Z or ±HH:MM), as Portkey's analytics and audit endpoints require. */
export const isoDateTime = (what: string) =>
  z.iso.datetime({ offset: true }).describe(`${what}, ISO 8601 with a time zone, e.g. 2026-02-23T14:20:31Z or 2026-02-23T14:20:31+05:30`);

/**
 * Checks a required time range before calling Portkey: start before end, start
 * not in the future. Returns the span in days for the caller's messages.
 */
export function checkTimeRange(minName: string, min: string, maxName: string, max: string, now = Date.now()): number {
  const from = Date.parse(min);
  const to = Date.parse(max);
  if (!(from < to)) throw new InvalidInputError(`${minName} (${min}) must be before ${maxName} (${max}).`);
  if (from > now) throw new InvalidInputError(`${minName} (${min}) is in the future: there is no data yet.`);
  return (to - from) / 86_400_000;
}
