/**
 * EdgeLake answers with JSON when a command takes `format = json`, and with a
 * fixed-width text table otherwise (and for the commands that take no format).
 * These helpers read both, so a node version that answers one way or the other
 * still yields structured data. Every string read here is untrusted node data.
 */

export function tryJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed || !/^[[{"]/.test(trimmed)) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function clip(text: string, max = 1_000): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface TextTable {
  columns: string[];
  rows: Array<Record<string, string>>;
}

/** A separator line: dash runs split by spaces or `|` (`------ ---- -----`, `|----|---|`). */
const SEPARATOR = /^[\s|]*-{2,}[-\s|]*$/;

/**
 * Reads EdgeLake's text tables: a header line, a separator of dashes whose runs
 * give the column spans, then rows until a blank line. Returns undefined when
 * the text holds no such table.
 */
export function parseTextTable(text: string): TextTable | undefined {
  const lines = text.replace(/\r/g, '').split('\n');
  const sep = lines.findIndex((line, i) => i > 0 && SEPARATOR.test(line));
  if (sep < 1) return undefined;
  const spans: Array<[number, number]> = [];
  const runs = /-+/g;
  for (let m = runs.exec(lines[sep] as string); m; m = runs.exec(lines[sep] as string)) spans.push([m.index, m.index + m[0].length]);
  const cell = (line: string, [start, end]: [number, number], last: boolean) =>
    line
      .slice(start, last ? undefined : end)
      .replace(/\|/g, ' ')
      .trim();
  const header = lines[sep - 1] as string;
  const columns = spans.map((span, i) => cell(header, span, i === spans.length - 1) || `column_${i + 1}`);
  const rows: Array<Record<string, string>> = [];
  for (const line of lines.slice(sep + 1)) {
    if (!line.trim()) break;
    if (SEPARATOR.test(line)) continue;
    rows.push(Object.fromEntries(columns.map((name, i) => [name, cell(line, spans[i] as [number, number], i === spans.length - 1)])));
  }
  return { columns, rows };
}

/** The value of the first key matching one of the names, case- and space-insensitively. */
export function pick(record: Record<string, unknown>, ...names: string[]): unknown {
  const wanted = names.map((n) => n.toLowerCase().replace(/[\s_]/g, ''));
  const key = Object.keys(record).find((k) => wanted.includes(k.toLowerCase().replace(/[\s_]/g, '')));
  return key === undefined ? undefined : record[key];
}

export const asText = (value: unknown): string | undefined =>
  value === undefined || value === null || value === '' ? undefined : clip(String(value), 500).trim();

/** An error EdgeLake reported inside a 200 answer (`{"SQL Failure": …}`, `{"err_text": …}`, `Failed …` text). */
export function errorIn(json: unknown, text: string): string | undefined {
  if (isRecord(json)) {
    const message = pick(json, 'SQL Failure', 'err_text', 'error', 'Error');
    if (message !== undefined) return clip(String(message), 600);
  }
  if (json === undefined && /^\s*(error|failed|failure)\b/i.test(text)) return clip(text.trim(), 600);
  return undefined;
}
