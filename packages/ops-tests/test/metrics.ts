import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { listFiles, ROOT } from './support.js';

/** The series names a metric of this type exposes. */
function seriesNames(name: string, type: string): string[] {
  if (type === 'histogram') return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
  if (type === 'summary') return [name, `${name}_sum`, `${name}_count`];
  return [name];
}

const CONSTRUCTOR = /(?:new\s+|define)(Counter|Gauge|Histogram|Summary)\s*(?:<[^>]*>)?\s*\(\s*\{([\s\S]*?)\}\s*\)/g;
const NAME = /\bname:\s*['"`]([a-zA-Z_:][a-zA-Z0-9_:]*)['"`]/;

/**
 * Every metric series the code can export, with where it is defined:
 *   - `new Counter|Gauge|Histogram|Summary({ name: '…' })`, or the runtime's `defineCounter|Gauge|Histogram({ name })`, in packages/* /src and services/* /src
 *     (the runtime's registry.ts, and any package that adds its own);
 *   - prom-client's default metrics (process_*, nodejs_*), as the runtime collects them;
 *   - `up`, which Prometheus adds to every scrape.
 */
export function exportedMetrics(): Map<string, string> {
  const found = new Map<string, string>([['up', 'Prometheus (every scrape target)']]);
  const sources = [...listFiles('packages', /\.ts$/), ...listFiles('services', /\.ts$/)].filter(
    (f) => /\/(packages|services)\/[^/]+\/src\//.test(f) && !f.includes('/node_modules/') && !f.endsWith('.d.ts'),
  );
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(CONSTRUCTOR)) {
      const name = NAME.exec(m[2] ?? '')?.[1];
      if (!name) continue;
      for (const series of seriesNames(name, m[1]!.toLowerCase())) found.set(series, relative(ROOT, file));
    }
  }
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const metric of registry.getMetricsAsArray()) {
    for (const series of seriesNames(metric.name, String(metric.type))) found.set(series, 'prom-client default metrics');
  }
  return found;
}

/** Grafana's variables replaced by values PromQL accepts, so the expression parses as Prometheus will see it. */
export function substituteGrafanaVariables(expr: string): string {
  return expr
    .replace(/\$__(rate_interval|interval|range)\b/g, '5m')
    .replace(/\[\$\{?\w+\}?\]/g, '[5m]')
    .replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, 'var_$1$2');
}

export interface ParsedQuery {
  metrics: string[];
  errors: string[];
}

/** Parses PromQL with Prometheus' own grammar (lezer-promql) and returns the metric names it selects. */
export function parsePromql(expr: string): ParsedQuery {
  const tree = parser.parse(expr);
  const metrics = new Set<string>();
  const errors: string[] = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError) errors.push(`syntax error at ${node.from}: "${expr.slice(Math.max(0, node.from - 20), node.to + 20)}"`);
      if (node.name === 'VectorSelector') {
        const id = node.node.getChild('Identifier');
        if (id) metrics.add(expr.slice(id.from, id.to));
        // {__name__="…"} selectors
        const nameMatch = /__name__\s*=\s*"([^"]+)"/.exec(expr.slice(node.from, node.to));
        if (nameMatch) metrics.add(nameMatch[1]!);
      }
    },
  });
  return { metrics: [...metrics], errors };
}
