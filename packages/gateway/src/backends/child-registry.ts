/**
 * Every stdio child the gateway has spawned and not yet reaped. Backends
 * close their children gracefully (stdin EOF, then SIGTERM, then SIGKILL);
 * this is the last line of defence when the gateway exits without closing
 * them (process.exit, an uncaught exception): the 'exit' hook SIGKILLs what is
 * left, synchronously, as 'exit' handlers must be. Grandchildren (e.g. the
 * server `npx` starts) see their stdin close when we die and MCP stdio
 * servers exit on that; SIGKILL of the gateway itself can only rely on that.
 */
const live = new Set<number>();
let installed = false;

function killAll(): void {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  live.clear();
}

export function trackChild(pid: number): void {
  if (!installed) {
    installed = true;
    process.on('exit', killAll);
  }
  live.add(pid);
}

export function untrackChild(pid: number): void {
  live.delete(pid);
}

/** Pids of the children still tracked (status, tests). */
export function trackedChildren(): number[] {
  return [...live];
}
