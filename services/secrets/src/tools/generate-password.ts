import { randomInt } from 'node:crypto';
import { defineTool, InvalidInputError } from '@mcp/runtime';
import * as z from 'zod';

const SETS = {
  lowercase: 'abcdefghijklmnopqrstuvwxyz',
  uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  symbols: '!#$%&()*+,-./:;<=>?@[]^_{|}~',
};
const AMBIGUOUS = /[Il1O0o|`'"]/g;

export const generatePassword = defineTool({
  name: 'generate_password',
  title: 'Generate a strong password',
  description:
    'A random password from the operating system CSPRNG (crypto.randomInt), with at least one character of every class asked for. Nothing is stored: pass it to set_secret to keep it.',
  input: z.object({
    length: z.number().int().min(8).max(256).default(32),
    lowercase: z.boolean().default(true),
    uppercase: z.boolean().default(true),
    digits: z.boolean().default(true),
    symbols: z.boolean().default(true),
    exclude_ambiguous: z.boolean().default(false).describe('Leave out I l 1 O 0 o | and quotes'),
  }),
  output: z.object({ password: z.string(), length: z.number(), entropyBits: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  handler: async (args) => {
    const classes = (Object.keys(SETS) as Array<keyof typeof SETS>)
      .filter((k) => args[k])
      .map((k) => (args.exclude_ambiguous ? SETS[k].replace(AMBIGUOUS, '') : SETS[k]));
    if (classes.length === 0) throw new InvalidInputError('Choose at least one character class.');
    const all = classes.join('');
    const chars = classes.map((set) => set[randomInt(set.length)] as string);
    while (chars.length < args.length) chars.push(all[randomInt(all.length)] as string);
    for (let i = chars.length - 1; i > 0; i -= 1) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
    }
    return { password: chars.join(''), length: args.length, entropyBits: Math.floor(args.length * Math.log2(all.length)) };
  },
});
