import { readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportedMetrics, parsePromql } from './metrics.js';
import { listFiles, read, ROOT, run, systemTool } from './support.js';

const RULES_DIR = 'docker/prometheus/rules';
const CONFIG = 'docker/prometheus/prometheus.yml';
/** Metrics the rules use before the code exports them (the gateway will: issues 6 and 7). */
const PENDING = new Set<string>();

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const ruleFiles = listFiles(RULES_DIR, /\.ya?ml$/);
const rules: Rule[] = ruleFiles.flatMap((f) => (parse(readFileSync(f, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules));
const alerts = rules.filter((r) => r.alert);
const testFiles = listFiles('docker/prometheus/tests', /\.ya?ml$/);
const promtool = systemTool('promtool', 'prometheus');

describe('Prometheus rules (docker/prometheus/rules)', () => {
  it('has the alerts the operations issue asks for', () => {
    expect(alerts.map((a) => a.alert)).toEqual(
      expect.arrayContaining([
        'MCPServiceDown',
        'MCPToolErrorRateHigh',
        'MCPToolLatencyP95High',
        'MCPCircuitOpen',
        'MCPCanaryRolledBack',
        'MCPApprovalBacklog',
        'MCPAuditWriteFailures',
      ]),
    );
  });

  it('every expression parses and reads only metrics the code exports (or recorded here, or listed as pending)', () => {
    const exported = exportedMetrics();
    const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));
    const problems: string[] = [];
    for (const rule of rules) {
      const { metrics, errors } = parsePromql(rule.expr);
      for (const e of errors) problems.push(`${rule.alert ?? rule.record}: ${e}`);
      for (const m of metrics)
        if (!exported.has(m) && !recorded.has(m) && !PENDING.has(m)) problems.push(`${rule.alert ?? rule.record}: ${m} is not exported by any package`);
    }
    expect(problems).toEqual([]);
    const nowExported = [...PENDING].filter((m) => exported.has(m));
    if (nowExported.length > 0) console.info(`now exported, drop from PENDING (here and in alerts.yml): ${nowExported.join(', ')}`);
  });

  it('every alert has a severity, a summary, a description and a runbook section that exists', () => {
    const runbook = read('docs/runbook.md');
    const anchors = new Set(
      [...runbook.matchAll(/^#+\s+(.+)$/gm)].map((m) =>
        m[1]!
          .trim()
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    for (const a of alerts) {
      expect(['critical', 'warning', 'info'], a.alert).toContain(a.labels?.severity);
      expect(a.annotations?.summary, a.alert).toBeTruthy();
      expect(a.annotations?.description, a.alert).toBeTruthy();
      const anchor = /^docs\/runbook\.md#(.+)$/.exec(a.annotations?.runbook_url ?? '')?.[1];
      expect(anchor, `${a.alert}: runbook_url`).toBeTruthy();
      expect(anchors.has(anchor!), `${a.alert}: docs/runbook.md has no heading for #${anchor}`).toBe(true);
    }
  });

  it('every alert has a unit test', () => {
    const tested = new Set(testFiles.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/alertname:\s*(\S+)/g)].map((m) => m[1])));
    expect(alerts.map((a) => a.alert).filter((name) => !tested.has(name))).toEqual([]);
  });

  it(`${CONFIG} loads the rules (rule_files)`, () => {
    const config = parse(read(CONFIG)) as { rule_files?: string[] };
    const patterns = (config.rule_files ?? []).map((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`));
    for (const file of ruleFiles) {
      const rel = relative(join(ROOT, 'docker/prometheus'), file);
      expect(
        patterns.some((p) => p.test(rel)),
        `${CONFIG} does not load ${rel} (rule_files: ${JSON.stringify(config.rule_files ?? [])}); run \`pnpm registry:sync\``,
      ).toBe(true);
    }
  });
});

describe.skipIf(promtool.skip)('promtool', () => {
  it(`check config ${CONFIG} (with its rule files)`, () => {
    expect(promtool.path, promtool.missing).toBeTruthy();
    const r = run(promtool.path!, ['check', 'config', CONFIG]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const file of ruleFiles) expect(r.stdout + r.stderr).toContain(basename(file));
  });

  it('check rules', () => {
    expect(promtool.path, promtool.missing).toBeTruthy();
    const r = run(promtool.path!, ['check', 'rules', ...ruleFiles]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it.each(testFiles.map((f) => [relative(ROOT, f)]))('test rules %s', (file) => {
    expect(promtool.path, promtool.missing).toBeTruthy();
    const r = run(promtool.path!, ['test', 'rules', file]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
