import { ciGet } from './ci-get.js';
import { ciHistory } from './ci-history.js';
import { ciRetire } from './ci-retire.js';
import { ciSearch } from './ci-search.js';
import { ciTypeList, ciTypeUpsert } from './ci-types.js';
import { ciUpsert } from './ci-upsert.js';
import { dependencyGraphTool } from './dependency-graph.js';
import { healthCheck } from './health-check.js';
import { impactAnalysisTool } from './impact-analysis.js';
import { relationshipAdd } from './relationship-add.js';
import { relationshipRemove } from './relationship-remove.js';

/** Every tool of the service, explicitly: no file-system discovery. */
export const tools = [
  ciUpsert,
  ciGet,
  ciSearch,
  relationshipAdd,
  relationshipRemove,
  impactAnalysisTool,
  dependencyGraphTool,
  ciRetire,
  ciHistory,
  ciTypeList,
  ciTypeUpsert,
  healthCheck,
];
