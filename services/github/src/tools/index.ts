import { addComment } from './add-comment.js';
import { createIssue } from './create-issue.js';
import { getFile } from './get-file.js';
import { getIssue } from './get-issue.js';
import { getPullRequest } from './get-pull-request.js';
import { healthCheck } from './health-check.js';
import { listPullRequests } from './list-pull-requests.js';
import { listRepos } from './list-repos.js';
import { listWorkflowRuns } from './list-workflow-runs.js';
import { mergePullRequest } from './merge-pull-request.js';
import { searchIssues } from './search-issues.js';

/** Every tool of the service, explicitly: no file-system discovery. `pnpm gen tool github <tool_name>` appends here. */
export const tools = [
  healthCheck,
  listRepos,
  getFile,
  searchIssues,
  getIssue,
  listPullRequests,
  getPullRequest,
  listWorkflowRuns,
  createIssue,
  addComment,
  mergePullRequest,
];
