import { defineConfig } from 'vitest/config';

// One end-to-end suite that installs, builds and runs services in a temporary copy of the repository.
export default defineConfig({ test: { testTimeout: 240_000, hookTimeout: 240_000, fileParallelism: false } });
