/** `AND EXISTS (…)` per tag: every tag must be in the JSON array column. Parameters are @tag0, @tag1, … */
export function sqliteTagFilter(column: string, tags: readonly string[] | undefined, params: Record<string, unknown>): string {
  if (!tags?.length) return '';
  return tags
    .map((tag, i) => {
      params[`tag${i}`] = tag;
      return ` AND EXISTS (SELECT 1 FROM json_each(${column}) WHERE value = @tag${i})`;
    })
    .join('');
}
