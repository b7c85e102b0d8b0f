#!/usr/bin/env node
/**
 * `pnpm test`: installs, builds, runs every package's tests (one at a time: the
 * machine has two cores and several suites start servers), and closes with the
 * line CI reads: `N passed, N failed`.
 */
import { ROOT, ensureInstalled, spawnPnpm } from './lib/pnpm.mjs';

ensureInstalled();
const args = ['exec', 'turbo', 'run', 'build', 'test', '--concurrency=1', '--continue', '--output-logs=full', ...process.argv.slice(2)];
const child = spawnPnpm(args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
for (const stream of [child.stdout, child.stderr]) {
  stream.on('data', (chunk) => {
    process.stdout.write(chunk);
    output += chunk;
  });
}
child.on('close', (code) => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colours.
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  let passed = 0;
  let failed = 0;
  for (const line of plain.split('\n')) {
    const m = /^\S*:test:\s+Tests\s+(.*)\(\d+\)\s*$/.exec(line.trim()) ?? /^\s*Tests\s+(.*)\(\d+\)\s*$/.exec(line);
    if (!m) continue;
    passed += Number(/(\d+) passed/.exec(m[1])?.[1] ?? 0);
    failed += Number(/(\d+) failed/.exec(m[1])?.[1] ?? 0);
  }
  if (code !== 0 && failed === 0) failed = 1; // a build or suite crash counts as a failure
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(code ?? 1);
});
