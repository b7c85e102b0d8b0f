import type { AssembledService } from './assemble.js';

/**
 * `--stdio`: for desktop clients that spawn the server. stdout carries the
 * protocol, so logs must go to stderr — the logger is rebuilt there by the
 * caller setting LOG_DESTINATION; here we only wire the transport and exit on
 * stdin close.
 */
export async function serveOverStdio(svc: AssembledService<unknown>, stop: () => Promise<void>): Promise<void> {
  // Loaded only in --stdio mode: HTTP services never need the stdio transport.
  const { serveStdio } = await import('@modelcontextprotocol/server/stdio');
  const handle = serveStdio(() => svc.buildServer(), {
    legacy: 'serve',
    onerror: (error) => svc.logger.warn({ err: error.message }, 'stdio transport error'),
  });
  const finish = async () => {
    await handle.close().catch(() => {});
    await stop();
    process.exit(0);
  };
  process.stdin.once('end', () => void finish());
  process.once('SIGTERM', () => void finish());
  process.once('SIGINT', () => void finish());
}
