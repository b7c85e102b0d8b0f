import * as z from 'zod';
import type { ElicitAnswer } from '../ask-client.js';

/** The structured output every elicitation fixture returns: the user's decision as given. */
export const elicitationOutput = z.object({
  action: z.enum(['accept', 'decline', 'cancel']),
  content: z.record(z.string(), z.unknown()).optional(),
});

export function elicitationText(answer: ElicitAnswer): string {
  return `action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
}
