import type { Client } from '@modelcontextprotocol/client';
import { expect, it } from 'vitest';
import { type Env, type HealthBody, healthOf, type TestableService, withService } from './service-harness.js';
import { textOf } from './tool-results.js';

/** The least a contract test needs of a service's own harness. */
export interface ContractHarness {
  service: TestableService;
  client: Client;
  close(): Promise<void>;
}

/** A tool call a test makes, and what its error text must say. */
export interface ToolProbe {
  name: string;
  arguments?: Record<string, unknown>;
}

export interface HealthyCase<H> {
  title?: string;
  /** Runs before /health is read, e.g. a tool call whose upstream requests the check counts. */
  before?: (harness: H) => Promise<void>;
  /** Service-specific checks of the healthy /health body. */
  check?: (body: HealthBody, harness: H) => void;
}

export interface MissingConfigCase {
  title?: string;
  /** Settings besides LOG_LEVEL=silent; none by default (an unconfigured service). */
  env?: Env;
  /** What the configuration component's message must name. */
  mentions: string[];
  /** What it must not name (e.g. a base URL the service does not need). */
  notMentioned?: string[];
  /** Tools that must fail with an error naming `toolMentions`. */
  tools: ToolProbe[];
  toolMentions: string;
}

export interface UnreachableCase {
  title?: string;
  /** Settings (over the harness's) that point a dependency at nothing. */
  env: Env;
  /** The health component that turns unhealthy, e.g. "database". */
  component: string;
  message: RegExp;
  /** Text the message must not leak (e.g. a password in the URL). */
  hides?: string[];
  tool: ToolProbe;
  toolError: RegExp;
}

export interface InvalidSettingCase {
  name: string;
  /** The invalid value, or a function making it (e.g. a path to create first). */
  value: string | (() => string);
  /** Other settings the case needs. */
  env?: Env;
  /** What start-up must reject with; by default a line starting "Invalid configuration: <name>". */
  error?: RegExp;
}

export interface ReadOnlyCase {
  title?: string;
  /** Settings (over the harness's) that select read-only mode; `{}` when read-only is the default. */
  env: Env;
  /** The exact tool list, sorted; or the looser checks below. */
  tools?: string[];
  includes?: string[];
  excludes?: string[];
  count?: number;
  /** Annotations every listed tool must carry; `{ readOnlyHint: true }` by default. */
  every?: Record<string, unknown>;
}

export interface AnnotationsCase {
  title?: string;
  /** Settings (over the harness's), e.g. to leave a read-only default. */
  env?: Env;
  /** Exactly the tools marked destructiveHint (the gateway asks for approval before these). */
  destructive?: string[];
  /** Exactly the tools not marked readOnlyHint. */
  writes?: string[];
  /** Annotations every tool must carry. */
  every?: Record<string, unknown>;
  /** Annotations particular tools must carry. */
  tools?: Record<string, Record<string, unknown>>;
}

export interface ServiceContractOptions<H extends ContractHarness> {
  /** Builds the service from settings (LOG_LEVEL=silent is added): unconfigured and invalid cases. */
  createService: (env: Env) => TestableService;
  /** Starts the fully configured service in-process, with extra settings. */
  startHarness: (env?: Env) => Promise<H>;
  healthy?: HealthyCase<H>;
  missingConfig?: MissingConfigCase;
  unreachable?: UnreachableCase;
  invalidSettings?: InvalidSettingCase[];
  readOnly?: ReadOnlyCase;
  annotations?: AnnotationsCase;
}

const sorted = (names: string[]): string[] => [...names].sort();

async function withHarness<H extends ContractHarness>(start: Promise<H>, fn: (harness: H) => Promise<void>): Promise<void> {
  const harness = await start;
  try {
    await fn(harness);
  } finally {
    await harness.close();
  }
}

/**
 * The checks every fleet service shares, one test per case given: healthy
 * against a working upstream, degraded and naming what is missing when
 * unconfigured, unhealthy and not ready when a dependency is unreachable,
 * start-up refused on an invalid setting, read-only filtering, and the
 * annotations the gateway's approvals rely on. Call it inside the service's
 * describe block; the service-specific expectations come in as data or callbacks.
 */
export function serviceContractSuite<H extends ContractHarness>(options: ServiceContractOptions<H>): void {
  const create = (env: Env = {}) => options.createService({ LOG_LEVEL: 'silent', ...env });
  const { healthy, missingConfig, unreachable, readOnly, annotations } = options;

  if (healthy) {
    it(healthy.title ?? 'is healthy against a working upstream', () =>
      withHarness(options.startHarness(), async (h) => {
        await healthy.before?.(h);
        const { status, body } = await healthOf(h.service);
        expect(status).toBe(200);
        expect(body.status).toBe('healthy');
        healthy.check?.(body, h);
      }),
    );
  }

  if (missingConfig) {
    it(missingConfig.title ?? 'without configuration it starts degraded, and tools name the missing variables', () =>
      withService(create(missingConfig.env), async (service, client) => {
        const { status, body } = await healthOf(service);
        expect(status).toBe(200);
        expect(body.status).toBe('degraded');
        for (const text of missingConfig.mentions) expect(body.components.configuration?.message).toContain(text);
        for (const text of missingConfig.notMentioned ?? []) expect(body.components.configuration?.message).not.toContain(text);
        for (const tool of missingConfig.tools) {
          const result = await client.callTool({ name: tool.name, arguments: tool.arguments ?? {} });
          expect(result.isError, tool.name).toBe(true);
          expect(textOf(result)).toContain(missingConfig.toolMentions);
        }
      }),
    );
  }

  if (unreachable) {
    it(unreachable.title ?? `with the ${unreachable.component} unreachable it starts, is unhealthy and not ready, and tools say why`, () =>
      withHarness(options.startHarness(unreachable.env), async (h) => {
        const { status, body } = await healthOf(h.service);
        expect(status).toBe(503);
        expect(body.status).toBe('unhealthy');
        const message = body.components[unreachable.component]?.message;
        expect(message).toMatch(unreachable.message);
        for (const secret of unreachable.hides ?? []) expect(message).not.toContain(secret);
        expect((await healthOf(h.service, '/health/ready')).status).toBe(503);
        const result = await h.client.callTool({ name: unreachable.tool.name, arguments: unreachable.tool.arguments ?? {} });
        expect(result.isError).toBe(true);
        expect(textOf(result)).toMatch(unreachable.toolError);
      }),
    );
  }

  for (const setting of options.invalidSettings ?? []) {
    const shown = typeof setting.value === 'string' ? ` (${JSON.stringify(setting.value).slice(0, 60)})` : '';
    it(`an invalid ${setting.name}${shown} stops start-up with one line naming it`, async () => {
      const value = typeof setting.value === 'string' ? setting.value : setting.value();
      const service = create({ ...setting.env, [setting.name]: value });
      await expect(service.init()).rejects.toThrow(setting.error ?? new RegExp(`^Invalid configuration: ${setting.name}\\b`));
    });
  }

  if (readOnly) {
    it(readOnly.title ?? 'read-only mode keeps the read-only tools only', () =>
      withHarness(options.startHarness(readOnly.env), async (h) => {
        const { tools } = await h.client.listTools();
        const names = tools.map((t) => t.name);
        expect(tools.length).toBeGreaterThan(0);
        if (readOnly.tools) expect(sorted(names)).toEqual(sorted(readOnly.tools));
        if (readOnly.includes) expect(names).toEqual(expect.arrayContaining(readOnly.includes));
        for (const name of readOnly.excludes ?? []) expect(names).not.toContain(name);
        if (readOnly.count !== undefined) expect(tools).toHaveLength(readOnly.count);
        for (const tool of tools) expect(tool.annotations, tool.name).toMatchObject(readOnly.every ?? { readOnlyHint: true });
      }),
    );
  }

  if (annotations) {
    it(annotations.title ?? 'marks destructive tools, so the gateway asks before running them', () =>
      withHarness(options.startHarness(annotations.env), async (h) => {
        const { tools } = await h.client.listTools();
        if (annotations.destructive)
          expect(sorted(tools.filter((t) => t.annotations?.destructiveHint).map((t) => t.name))).toEqual(sorted(annotations.destructive));
        if (annotations.writes) expect(sorted(tools.filter((t) => !t.annotations?.readOnlyHint).map((t) => t.name))).toEqual(sorted(annotations.writes));
        if (annotations.every) for (const tool of tools) expect(tool.annotations, tool.name).toMatchObject(annotations.every);
        for (const [name, expected] of Object.entries(annotations.tools ?? {})) {
          expect(tools.find((t) => t.name === name)?.annotations, name).toMatchObject(expected);
        }
      }),
    );
  }
}
