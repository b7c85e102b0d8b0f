import { defineTool } from '@mcp/runtime';
import * as z from 'zod';

export const textStats = defineTool({
  name: 'text_stats',
  title: 'Text statistics',
  description: 'Counts characters, words, lines and UTF-8 bytes of a text, and lists its most frequent words.',
  input: z.object({ text: z.string().max(1_000_000), top: z.number().int().min(0).max(50).default(5) }),
  output: z.object({
    characters: z.number(),
    words: z.number(),
    lines: z.number(),
    bytes: z.number(),
    topWords: z.array(z.object({ word: z.string(), count: z.number() })),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  render: (o) => `${o.words} words, ${o.lines} lines, ${o.characters} characters (${o.bytes} bytes)`,
  handler: async ({ text, top }) => {
    const words = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
    const counts = new Map<string, number>();
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
    const topWords = [...counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, top)
      .map(([word, count]) => ({ word, count }));
    return {
      characters: [...text].length,
      words: words.length,
      lines: text.length === 0 ? 0 : text.split(/\r?\n/).length,
      bytes: Buffer.byteLength(text),
      topWords,
    };
  },
});
