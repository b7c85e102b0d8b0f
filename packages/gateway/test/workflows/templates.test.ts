import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { conditionHolds } from '../../src/workflows/condition.js';
import { checkTemplate, loadTemplateDir } from '../../src/workflows/template-files.js';
import { inputsValidator } from '../../src/workflows/template-schema.js';
import { renderValue, resolvePath, type TemplateScope } from '../../src/workflows/templating.js';

const scope: TemplateScope = {
  inputs: { ns: 'prod', replicas: 3, tags: ['a', 'b'] },
  steps: { read: { status: 'succeeded', attempts: 1, result: { structuredContent: { value: 's3cr3t', nested: { ok: true }, list: [{ id: 7 }] } } } },
  run: { id: 'r1', workflow: 'w' },
};

const step = (over: Record<string, unknown> = {}) => ({ id: 'one', tool: 'k8s_list_pods', arguments: {}, ...over });

describe('templating', () => {
  it('a whole-string placeholder keeps the value type; embedded ones interpolate', () => {
    const out = renderValue(
      {
        n: '{{ inputs.replicas }}',
        tags: '{{inputs.tags}}',
        msg: 'ns={{ inputs.ns }} n={{ inputs.replicas }} ok={{ steps.read.result.structuredContent.nested }}',
        deep: [{ x: '{{ steps.read.result.structuredContent.list.0.id }}' }],
        lit: 5,
      },
      scope,
    );
    expect(out).toEqual({ n: 3, tags: ['a', 'b'], msg: 'ns=prod n=3 ok={"ok":true}', deep: [{ x: 7 }], lit: 5 });
  });

  it('a reference to nothing is an error naming it, never "undefined"', () => {
    expect(() => renderValue({ a: '{{ inputs.missing }}' }, scope)).toThrow(/inputs.missing }} resolves to nothing/);
    expect(() => renderValue({ a: 'x {{ steps.read.result.nope }}' }, scope)).toThrow(/resolves to nothing/);
  });

  it('paths read own properties only: no prototype, constructor or function access', () => {
    expect(resolvePath(scope, ['inputs', 'constructor'])).toBeUndefined();
    expect(resolvePath(scope, ['inputs', '__proto__'])).toBeUndefined();
    expect(resolvePath(scope, ['inputs', 'tags', 'length'])).toBeUndefined();
    expect(() => renderValue('{{ inputs.ns.toString() }}', scope)).toThrow(/is not a path/);
    expect(() => renderValue('{{ process.env.HOME }}', scope)).toThrow(/must start with inputs., steps. or run./);
  });
});

describe('conditions', () => {
  it('equals, notEquals and exists on a path', () => {
    expect(conditionHolds({ path: 'steps.read.status', equals: 'succeeded' }, scope)).toBe(true);
    expect(conditionHolds({ path: 'steps.read.result.structuredContent.nested', equals: { ok: true } }, scope)).toBe(true);
    expect(conditionHolds({ path: 'inputs.ns', notEquals: 'prod' }, scope)).toBe(false);
    expect(conditionHolds({ path: 'inputs.absent', exists: true }, scope)).toBe(false);
    expect(conditionHolds({ path: 'inputs.absent', exists: false }, scope)).toBe(true);
  });
});

describe('template validation', () => {
  it('reports every problem of a template at once', () => {
    const check = checkTemplate({
      name: 'Bad Name',
      inputs: { ns: { type: 'string' } },
      steps: [
        step({ arguments: { a: '{{ inputs.nope }}', b: '{{ steps.later.result }}', c: '{{ env.HOME }}' } }),
        step({ tool: 'has space', if: { path: 'inputs.ns', equals: 1, exists: true } }),
        { id: 'later', tool: 'x_y', retry: { attempts: 0 }, extra: true },
      ],
    });
    expect(check.ok).toBe(false);
    const problems = check.ok ? [] : check.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^name: /),
        expect.stringMatching(/^steps\.0\.arguments\.a: unknown input "nope"/),
        expect.stringMatching(/^steps\.0\.arguments\.b: "later" is not an earlier step/),
        expect.stringMatching(/^steps\.0\.arguments\.c: .*must start with inputs/),
        expect.stringMatching(/^steps\.1\.tool: /),
        expect.stringMatching(/^steps\.1\.if: a condition needs exactly one of/),
        expect.stringMatching(/^steps\.1\.id: duplicate step id "one"/),
        expect.stringMatching(/^steps\.2\.retry\.attempts: /),
        expect.stringMatching(/^steps\.2: .*extra/),
      ]),
    );
  });

  it('validates run inputs: required, types, enum, defaults, no unknown keys', () => {
    const v = inputsValidator({
      ns: { type: 'string', required: true },
      n: { type: 'integer', required: true, default: 2 },
      env: { type: 'string', required: true, enum: ['dev', 'prod'] },
    });
    expect(v.parse({ ns: 'a', env: 'dev' })).toEqual({ ns: 'a', n: 2, env: 'dev' });
    expect(v.safeParse({ ns: 'a', env: 'qa' }).success).toBe(false);
    expect(v.safeParse({ env: 'dev' }).success).toBe(false);
    expect(v.safeParse({ ns: 'a', env: 'dev', n: 1.5 }).success).toBe(false);
    expect(v.safeParse({ ns: 'a', env: 'dev', other: 1 }).success).toBe(false);
  });

  it('a folder: the invalid file is rejected with its problems, the others load (JSON and YAML)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-dir-'));
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ name: 'good', steps: [step()] }));
    writeFileSync(join(dir, 'also-good.yml'), 'name: also-good\nsteps:\n  - id: s\n    tool: a_b\n');
    writeFileSync(join(dir, 'broken.yaml'), 'name: [unclosed\n');
    writeFileSync(join(dir, 'invalid.json'), JSON.stringify({ name: 'invalid', steps: [] }));
    writeFileSync(join(dir, 'z-dup.json'), JSON.stringify({ name: 'good', steps: [step()] }));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const loaded = await loadTemplateDir(dir);
    expect([...loaded.templates.keys()].sort()).toEqual(['also-good', 'good']);
    const rejected = Object.fromEntries(loaded.rejected.map((r) => [r.file.split('/').pop(), r.problems.join(' | ')]));
    expect(Object.keys(rejected).sort()).toEqual(['broken.yaml', 'invalid.json', 'z-dup.json']);
    expect(rejected['broken.yaml']).toMatch(/^not valid YAML/);
    expect(rejected['invalid.json']).toMatch(/^steps: /);
    expect(rejected['z-dup.json']).toMatch(/already defined by another file/);
  });

  it('the example deployment template loads and validates, calling the secrets and k8s tools', async () => {
    const dir = fileURLToPath(new URL('../../workflows', import.meta.url));
    const loaded = await loadTemplateDir(dir);
    expect(loaded.rejected).toEqual([]);
    const deployment = loaded.templates.get('deployment');
    expect(deployment?.steps.map((s) => s.tool)).toEqual(['secrets_get_secret', 'k8s_rollout_restart', 'k8s_describe_resource']);
    expect(deployment?.steps[0]?.sensitive).toBe(true);
    expect(inputsValidator(deployment!.inputs).parse({ namespace: 'web', deployment: 'api', registrySecret: 'registry' })).toEqual({
      namespace: 'web',
      deployment: 'api',
      registrySecret: 'registry',
      secretsBackend: 'vault',
      dryRun: false,
    });
  });
});
