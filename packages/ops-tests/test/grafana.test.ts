import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportedMetrics, parsePromql, substituteGrafanaVariables } from './metrics.js';
import { listFiles, read, ROOT } from './support.js';

interface Target {
  expr?: string;
  refId: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Target[];
  datasource?: { type?: string; uid?: string };
  panels?: Panel[];
}
interface Variable {
  name: string;
  type: string;
  query?: string | { query: string };
}
interface Dashboard {
  uid: string;
  title: string;
  tags: string[];
  panels: Panel[];
  templating: { list: Variable[] };
}

const files = listFiles('docker/grafana/dashboards', /\.json$/);
const dashboards = files.map((f) => ({ file: relative(ROOT, f), dash: JSON.parse(readFileSync(f, 'utf8')) as Dashboard }));
const allPanels = (d: Dashboard) => d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const exported = exportedMetrics();
/** The uid every panel's datasource refers to: Grafana's `datasource` variable. */
const DATASOURCE_VARIABLE = '$' + '{datasource}';

describe('Grafana provisioning (docker/grafana/provisioning)', () => {
  it('provisions the Prometheus datasource as the default, with the uid the dashboards use', () => {
    const ds = parse(read('docker/grafana/provisioning/datasources/prometheus.yml')) as { apiVersion: number; datasources: Record<string, unknown>[] };
    expect(ds.apiVersion).toBe(1);
    expect(ds.datasources).toEqual([expect.objectContaining({ type: 'prometheus', uid: 'prometheus', isDefault: true, url: 'http://prometheus:9090' })]);
  });

  it('provisions the dashboards folder from files', () => {
    const p = parse(read('docker/grafana/provisioning/dashboards/mcp-fleet.yml')) as { providers: { type: string; options: { path: string } }[] };
    expect(p.providers).toEqual([expect.objectContaining({ type: 'file', options: expect.objectContaining({ path: '/var/lib/grafana/dashboards' }) })]);
  });
});

describe('Grafana dashboards (docker/grafana/dashboards)', () => {
  it('has the fleet overview, one service by variable, and gateway and backends', () => {
    expect(dashboards.map((d) => d.dash.uid).sort()).toEqual(['mcp-fleet-overview', 'mcp-gateway', 'mcp-service-detail']);
    expect(new Set(dashboards.map((d) => d.dash.uid)).size).toBe(dashboards.length);
    const service = dashboards.find((d) => d.dash.uid === 'mcp-service-detail')!.dash;
    expect(service.templating.list.map((v) => v.name)).toContain('service');
    const queries = allPanels(service).flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''));
    expect(queries.filter((q) => q.includes('$service')).length).toBeGreaterThan(10);
  });

  it.each(dashboards.map((d) => [d.file, d.dash]))('%s: every query parses and names only metrics the code exports', (_file, dash) => {
    const d = dash as Dashboard;
    const problems: string[] = [];
    let queries = 0;
    const check = (where: string, expr: string) => {
      queries += 1;
      const { metrics, errors } = parsePromql(substituteGrafanaVariables(expr));
      for (const e of errors) problems.push(`${where}: ${e}`);
      if (metrics.length === 0) problems.push(`${where}: selects no metric: ${expr}`);
      for (const m of metrics) if (!exported.has(m)) problems.push(`${where}: ${m} is not exported by any package`);
    };
    for (const panel of allPanels(d)) {
      if (panel.type === 'row') continue;
      expect(panel.targets?.length, `panel "${panel.title}" has no query`).toBeGreaterThan(0);
      for (const t of panel.targets ?? []) check(`panel "${panel.title}" ${t.refId}`, t.expr ?? '');
    }
    for (const v of d.templating.list.filter((x) => x.type === 'query')) {
      const q = typeof v.query === 'string' ? v.query : (v.query?.query ?? '');
      const inner = /^label_values\((.*),\s*\w+\)$/.exec(q)?.[1] ?? q;
      check(`variable $${v.name}`, inner);
    }
    expect(problems).toEqual([]);
    expect(queries).toBeGreaterThan(5);
  });

  it.each(dashboards.map((d) => [d.file, d.dash]))('%s: panels have unique ids, use the datasource variable and do not overlap', (_file, dash) => {
    const d = dash as Dashboard;
    const panels = allPanels(d);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    expect(d.templating.list.find((v) => v.name === 'datasource')?.type).toBe('datasource');
    for (const p of panels.filter((x) => x.type !== 'row')) {
      expect(p.datasource?.uid, p.title).toBe(DATASOURCE_VARIABLE);
      for (const t of p.targets ?? []) expect(t.datasource?.uid, p.title).toBe(DATASOURCE_VARIABLE);
    }
    const cells = new Map<string, string>();
    for (const p of panels) {
      const { x, y, w, h } = p.gridPos;
      expect(x + w, `${p.title} is wider than the grid`).toBeLessThanOrEqual(24);
      for (let i = x; i < x + w; i += 1)
        for (let j = y; j < y + h; j += 1) {
          const other = cells.get(`${i},${j}`);
          expect(other, `"${p.title}" overlaps "${other}"`).toBeUndefined();
          cells.set(`${i},${j}`, p.title);
        }
    }
  });
});
