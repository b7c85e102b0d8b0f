import { defineConfig } from 'vitest/config';

// The conformance test sets its own, longer timeout: it spawns the CLI, which may first install Node 22.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 30_000 } });
