import { InvalidInputError, defineTool } from '@mcp/runtime';
import * as z from 'zod';

export const getTime = defineTool({
  name: 'get_time',
  title: 'Current time',
  description: 'Returns the current date and time in an IANA time zone (e.g. "Europe/Paris"), with its UTC offset.',
  input: z.object({ timezone: z.string().min(1).default('UTC').describe('IANA time zone name') }),
  output: z.object({ timezone: z.string(), iso: z.string(), local: z.string(), offset: z.string(), epochMs: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  handler: async ({ timezone }) => {
    const now = new Date();
    let local: string;
    let offset: string;
    try {
      local = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, dateStyle: 'full', timeStyle: 'long' }).format(now);
      offset =
        new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' }).formatToParts(now).find((p) => p.type === 'timeZoneName')?.value ??
        'GMT';
    } catch {
      throw new InvalidInputError(`Unknown time zone "${timezone}".`, { hint: 'Use an IANA name such as "UTC", "America/New_York" or "Asia/Tokyo".' });
    }
    return { timezone, iso: now.toISOString(), local, offset, epochMs: now.getTime() };
  },
});
