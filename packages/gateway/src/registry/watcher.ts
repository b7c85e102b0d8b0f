import { basename, dirname, resolve } from 'node:path';
import { watch } from 'chokidar';

export interface WatchOptions {
  path: string;
  debounceMs: number;
  onChange: () => void;
}

/**
 * Watches the registry file. Editors save in many ways (truncate + write,
 * write to a temp file + rename), so the directory is watched and events for
 * the file's name are debounced into one reload.
 */
export function watchRegistryFile(options: WatchOptions): { close(): Promise<void> } {
  const file = resolve(options.path);
  const name = basename(file);
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dirname(file), {
    depth: 0,
    ignoreInitial: true,
    // Polling-free, but wait for writes to settle a little before reporting.
    awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 20 },
  });
  watcher.on('all', (_event, changed) => {
    if (basename(changed) !== name) return;
    clearTimeout(timer);
    timer = setTimeout(options.onChange, options.debounceMs);
  });
  return {
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
