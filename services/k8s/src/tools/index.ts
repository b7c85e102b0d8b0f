import { deletePod } from './delete-pod.js';
import { describeResource } from './describe-resource.js';
import { getPodLogs } from './get-pod-logs.js';
import { healthCheck } from './health-check.js';
import { listDeployments } from './list-deployments.js';
import { listEvents } from './list-events.js';
import { listNamespaces } from './list-namespaces.js';
import { listPods } from './list-pods.js';
import { rolloutRestart } from './rollout-restart.js';
import { scaleDeployment } from './scale-deployment.js';

/** Every tool of the service, explicitly: no file-system discovery. `pnpm gen tool k8s <tool_name>` appends here. */
export const tools = [
  healthCheck,
  listNamespaces,
  listPods,
  getPodLogs,
  listEvents,
  listDeployments,
  describeResource,
  scaleDeployment,
  rolloutRestart,
  deletePod,
];
