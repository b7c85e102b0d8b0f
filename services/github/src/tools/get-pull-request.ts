import { defineTool, type ToolContext } from '@mcp/runtime';
import * as z from 'zod';
import type { GithubClient } from '../client.js';
import { pullFileListPayload, pullPayload } from '../models.js';
import { pullDetail, pullFile, toPullDetail } from '../outputs.js';
import { nextPageField, numberField, ownerField, READ, repoField, UNTRUSTED } from './common.js';

export const getPullRequest = defineTool({
  name: 'get_pull_request',
  title: 'Get a pull request and its changed files',
  description: `Reads a pull request (GET /repos/{owner}/{repo}/pulls/{number}) and one page of its changed files (…/pulls/{number}/files, at most 3,000 files in all). Patches are included only with include_patch. mergeable is null while GitHub computes it. ${UNTRUSTED}`,
  input: z.object({
    owner: ownerField,
    repo: repoField,
    number: numberField('Pull request number'),
    files_per_page: z.number().int().min(0).max(100).default(100).describe('Changed files per page; 0 skips the file list'),
    files_page: z.number().int().min(1).default(1),
    include_patch: z.boolean().default(false).describe("Include each file's unified diff (can be large)"),
  }),
  output: z.object({ pull_request: pullDetail, files: z.array(pullFile), files_page: z.number(), files_next_page: nextPageField }),
  annotations: READ,
  largeResult: true,
  render: (o) => {
    const pr = o.pull_request;
    const files = o.files.map((f) => `- ${f.status} ${f.filename} (+${f.additions} -${f.deletions})`).join('\n');
    return `#${pr.number} ${pr.title} [${pr.merged ? 'merged' : pr.state}] ${pr.head.ref} → ${pr.base.ref}, mergeable: ${pr.mergeable}\n${files}${o.files_next_page ? `\n(more files: files_page=${o.files_next_page})` : ''}`;
  },
  handler: async ({ owner: ownerArg, repo: repoArg, number, files_per_page, files_page, include_patch }, { client, signal }: ToolContext<GithubClient>) => {
    const { owner, repo } = client.repoRef(ownerArg, repoArg);
    const pulls = client.octokit.rest.pulls;
    const path = `/repos/${owner}/${repo}/pulls/${number}`;
    const [pr, files] = await Promise.all([
      client.call(`GET ${path}`, pullPayload, signal, (request) => pulls.get({ owner, repo, pull_number: number, request })),
      files_per_page === 0
        ? undefined
        : client.call(`GET ${path}/files`, pullFileListPayload, signal, (request) =>
            pulls.listFiles({ owner, repo, pull_number: number, per_page: files_per_page, page: files_page, request }),
          ),
    ]);
    return {
      pull_request: toPullDetail(pr.data),
      files: (files?.data ?? []).map(({ filename, status, additions, deletions, changes, previous_filename, patch }) => ({
        filename,
        status,
        additions,
        deletions,
        changes,
        ...(previous_filename && { previous_filename }),
        ...(include_patch && patch !== undefined && { patch }),
      })),
      files_page,
      files_next_page: files?.nextPage,
    };
  },
});
