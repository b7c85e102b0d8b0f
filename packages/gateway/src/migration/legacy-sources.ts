import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type * as z from 'zod';
import { type BackendConfig, httpServerSchema, SERVER_NAME, stdioServerSchema } from '../config/schema.js';
import { isObject, isTransport, TRANSPORTS } from './json-shapes.js';
import { legacyServerToConfig } from './legacy-server.js';

/** One server found in a source file, validated and normalised to a registry entry. */
export interface SourceRecord {
  file: string;
  entry: string;
  config: BackendConfig;
}

/** One problem, pinned to the file and (when there is one) the entry it concerns. */
export interface RecordProblem {
  file: string;
  entry: string | null;
  message: string;
}

export interface ParsedSources {
  records: SourceRecord[];
  problems: RecordProblem[];
}

/**
 * Reads Claude Desktop's `claude_desktop_config.json` and `.mcp.json`
 * (`{ "mcpServers": { name: entry } }`) and the legacy `mcp_config.json`
 * (`{ "servers": [ { name, port, host?, path?, transport?, … } ] }`, see
 * legacy-server.ts). The format is recognised by content, not by file name.
 * Every problem is reported, each with its file and entry.
 */
export async function readSources(files: readonly string[]): Promise<ParsedSources> {
  const all: ParsedSources = { records: [], problems: [] };
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      all.problems.push({ file, entry: null, message: `cannot read: ${(error as Error).message}` });
      continue;
    }
    const parsed = parseSourceText(file, text);
    all.records.push(...parsed.records);
    all.problems.push(...parsed.problems);
  }
  return all;
}

export function parseSourceText(file: string, text: string): ParsedSources {
  const out: ParsedSources = { records: [], problems: [] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    out.problems.push({ file, entry: null, message: `not valid JSON: ${(error as Error).message}` });
    return out;
  }
  if (!isObject(json)) {
    out.problems.push({ file, entry: null, message: 'the top level must be a JSON object' });
    return out;
  }
  if (Array.isArray(json.servers)) {
    parseLegacyServers(file, json.servers, out);
  } else if (json.mcpServers !== undefined) {
    if (!isObject(json.mcpServers)) out.problems.push({ file, entry: null, message: '"mcpServers" must be an object of name → server' });
    else for (const [name, entry] of Object.entries(json.mcpServers)) addEntry(file, name, entry, out);
  } else if (basename(file) !== 'claude_desktop_config.json') {
    // Claude Desktop's file legitimately holds only preferences; any other file without servers is a mistake.
    out.problems.push({ file, entry: null, message: 'no "mcpServers" object and no "servers" array: not a config this tool knows' });
  }
  return out;
}

function parseLegacyServers(file: string, servers: unknown[], out: ParsedSources): void {
  const seen = new Map<string, number>();
  for (const [index, server] of servers.entries()) {
    const label = isObject(server) && typeof server.name === 'string' && server.name ? server.name : `servers[${index}]`;
    if (!isObject(server)) {
      out.problems.push({ file, entry: label, message: 'must be an object' });
      continue;
    }
    if (typeof server.name !== 'string' || !server.name) {
      out.problems.push({ file, entry: label, message: 'missing "name"' });
      continue;
    }
    const first = seen.get(server.name);
    if (first !== undefined) {
      out.problems.push({ file, entry: label, message: `duplicate name (first defined at servers[${first}])` });
      continue;
    }
    seen.set(server.name, index);
    const converted = legacyServerToConfig(server);
    if (!converted.ok) for (const message of converted.problems) out.problems.push({ file, entry: label, message });
    else addEntry(file, server.name, converted.entry, out);
  }
}

/** Validates one `mcpServers`-shaped entry with messages that name the actual mistake. */
function addEntry(file: string, name: string, entry: unknown, out: ParsedSources): void {
  const problem = (message: string) => out.problems.push({ file, entry: name, message });
  if (!SERVER_NAME.test(name)) problem('invalid name: letters, digits, . _ -, at most 64 characters, starting with a letter or digit');
  if (!isObject(entry)) return void problem('must be an object');
  const type = entry.type;
  if (type !== undefined && !isTransport(type)) {
    return void problem(`unknown transport "${String(type)}" (expected one of ${TRANSPORTS.join(', ')})`);
  }
  const hasCommand = entry.command !== undefined;
  const hasUrl = entry.url !== undefined;
  if (!hasCommand && !hasUrl) return void problem('has neither "command" (stdio) nor "url" (http/sse)');
  if (hasCommand && hasUrl) return void problem('has both "command" and "url": ambiguous transport');
  if (type === 'stdio' && !hasCommand) return void problem('transport "stdio" needs "command"');
  if (type !== undefined && type !== 'stdio' && hasCommand) return void problem(`transport "${String(type)}" needs "url", not "command"`);
  const schema: z.ZodType<BackendConfig> = hasCommand ? stdioServerSchema : httpServerSchema;
  const parsed = schema.safeParse(entry);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problem(`${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
    return;
  }
  if (SERVER_NAME.test(name)) out.records.push({ file, entry: name, config: parsed.data });
}
