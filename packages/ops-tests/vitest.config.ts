import { defineConfig } from 'vitest/config';

// One file at a time: the suites run external tools (promtool, helm, podman) that
// compete for the machine's two cores.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false } });
