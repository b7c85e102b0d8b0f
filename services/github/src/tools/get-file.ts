import { defineTool, InvalidInputError, ToolError, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { GithubClient } from '../client.js';
import { contentPayload } from '../models.js';
import { ownerField, READ, repoField, UNTRUSTED } from './common.js';

const entry = z.object({ name: z.string(), path: z.string(), type: z.string(), size: z.number(), sha: z.string() });

/** Text when the bytes are valid UTF-8 without NULs, base64 otherwise. */
function decode(bytes: Buffer): { encoding: 'utf-8' | 'base64'; content: string } {
  if (!bytes.subarray(0, 8000).includes(0)) {
    try {
      return { encoding: 'utf-8', content: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      // not UTF-8: fall through to base64
    }
  }
  return { encoding: 'base64', content: bytes.toString('base64') };
}

export const getFile = defineTool({
  name: 'get_file',
  title: 'Read a file or directory',
  description: `Reads a file (decoded text, or base64 for binary) or lists a directory (up to 1,000 entries) at a ref of a repository (GET /repos/{owner}/{repo}/contents/{path}). Files over 1 MB are fetched raw; files over GITHUB_MAX_FILE_BYTES are refused with their download URL. Large results arrive in blocks (a preview plus a resource link). ${UNTRUSTED}`,
  input: z.object({
    owner: ownerField,
    repo: repoField,
    path: z.string().max(4096).default('').describe('Path in the repository; empty for the root directory'),
    ref: z.string().max(255).optional().describe('Branch, tag or commit SHA; defaults to the default branch'),
  }),
  output: z.object({
    kind: z.enum(['file', 'dir', 'symlink', 'submodule']),
    path: z.string(),
    sha: z.string().optional(),
    size: z.number().optional(),
    encoding: z.enum(['utf-8', 'base64']).optional(),
    content: z.string().optional().describe('File content: UTF-8 text or base64 per encoding (untrusted)'),
    entries: z.array(entry).optional(),
    target: z.string().optional().describe('Symlink target'),
    submodule_git_url: z.string().optional(),
    html_url: z.string().nullable().optional(),
  }),
  annotations: READ,
  largeResult: true,
  handler: async ({ owner: ownerArg, repo: repoArg, path, ref }, { client, signal }: ToolContext<GithubClient>) => {
    const { owner, repo } = client.repoRef(ownerArg, repoArg);
    const clean = path.replace(/^\/+|\/+$/g, '');
    if (clean.split('/').some((seg) => seg === '..')) throw new InvalidInputError('path must not contain ".." segments.');
    const what = `GET /repos/${owner}/${repo}/contents/${clean}`;
    const octokit = client.octokit.rest.repos;
    const res = await client.call(what, contentPayload, signal, (request) => octokit.getContent({ owner, repo, path: clean, ref, request }));
    const data = res.data;
    if (Array.isArray(data)) {
      return { kind: 'dir' as const, path: clean, entries: data.map(({ name, path: p, type, size, sha }) => ({ name, path: p, type, size, sha })) };
    }
    const base = { kind: data.type, path: data.path, sha: data.sha, size: data.size, html_url: data.html_url };
    if (data.type === 'dir') return { ...base, entries: [] };
    if (data.type === 'symlink') return { ...base, target: data.target };
    if (data.type === 'submodule') return { ...base, submodule_git_url: data.submodule_git_url };
    if (data.encoding === 'base64' && data.content !== undefined && (data.content !== '' || data.size === 0)) {
      return { ...base, ...decode(Buffer.from(data.content, 'base64')) };
    }
    // Over 1 MB GitHub sends encoding "none" and no content: fetch the raw bytes (up to 100 MB).
    if (data.size > client.env.GITHUB_MAX_FILE_BYTES) {
      throw new ToolError('too_large', `${data.path} is ${data.size} bytes, over GITHUB_MAX_FILE_BYTES (${client.env.GITHUB_MAX_FILE_BYTES}).`, {
        hint: `Download it directly: ${data.download_url ?? data.html_url ?? 'see the repository'}`,
        details: { size: data.size, download_url: data.download_url },
      });
    }
    const raw = await client.call(`${what} (raw)`, z.unknown(), signal, (request) =>
      octokit.getContent({ owner, repo, path: clean, ref, mediaType: { format: 'raw' }, request: { ...request, parseSuccessResponseBody: false } }),
    );
    const bytes = Buffer.from(await new Response(raw.data as ReadableStream).arrayBuffer());
    return { ...base, size: bytes.length, ...decode(bytes) };
  },
});
