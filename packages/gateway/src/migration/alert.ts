import type { Logger } from '@mcp/runtime';

/**
 * Reports a failed run: at error level always, and as a JSON POST to
 * MCP_ALERT_WEBHOOK_URL when set (5 s timeout; a webhook failure is logged,
 * never thrown, so alerting cannot mask the original failure).
 */
export async function alertFailure(logger: Logger, webhookUrl: string | undefined, payload: Record<string, unknown>): Promise<void> {
  logger.error(payload, 'config migration failed');
  if (!webhookUrl) return;
  try {
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'mcp.migration.failed', at: new Date().toISOString(), ...payload }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) logger.warn({ status: response.status }, 'alert webhook answered with an error');
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'alert webhook unreachable');
  }
}
