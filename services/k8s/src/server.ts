import { pathToFileURL } from 'node:url';
import { createService } from '@mcp/runtime';
import { createK8sClient, upstreamProbe } from './client.js';
import { envSchema, missingConfig } from './env.js';
import { tools } from './tools/index.js';

/** The port recorded for k8s in .mcp.json; PORT overrides it. */
export const DEFAULT_PORT = 9009;

export function createK8sService(env: Record<string, string | undefined> = process.env) {
  return createService(
    {
      name: 'k8s',
      version: '0.1.0',
      title: 'Kubernetes',
      instructions:
        'Kubernetes API within a namespace allowlist. Start with list_pods / list_deployments, dig in with describe_resource, list_events and get_pod_logs. scale_deployment, rollout_restart and delete_pod are destructive (approval through the gateway; dry_run first).',
      env: envSchema,
      client: createK8sClient,
      tools,
      health: (client) => ({ upstream_probe: upstreamProbe(client) }),
      missingConfig,
      readOnly: (settings) => settings.K8S_READ_ONLY,
    },
    { env },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await createK8sService({ PORT: String(DEFAULT_PORT), ...process.env }).main();
