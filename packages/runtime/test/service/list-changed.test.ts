import { connectV1 } from '@mcp/testing';
import {
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createService, defineTool, type RunningServer } from '../../src/index.js';

/** A dynamic resource source: the template's `list` reads this array on every resources/list. */
const notes = [{ id: 'first', text: 'one' }];

const ping = defineTool({
  name: 'ping',
  title: 'Ping',
  description: 'Answers pong.',
  input: z.object({}),
  output: z.object({ pong: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: async () => ({ pong: true }),
});

const withLists = createService(
  {
    name: 'lists',
    version: '1',
    tools: [ping],
    resources: [
      {
        name: 'note',
        uri: 'notes://{id}',
        list: async () => notes.map((n) => ({ uri: `notes://${n.id}`, name: n.id })),
        read: async (uri, vars) => ({ contents: [{ uri: uri.href, text: notes.find((n) => n.id === vars.id)?.text ?? '' }] }),
      },
    ],
    prompts: [{ name: 'summarise', get: () => ({ messages: [{ role: 'user', content: { type: 'text', text: 'Summarise the notes.' } }] }) }],
  },
  { env: { LOG_LEVEL: 'silent' } },
);
const toolsOnly = createService({ name: 'tools-only', version: '1', tools: [ping] }, { env: { LOG_LEVEL: 'silent' } });

let lists: RunningServer;
let bare: RunningServer;
beforeAll(async () => {
  lists = await withLists.start({ port: 0, host: '127.0.0.1' });
  bare = await toolsOnly.start({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await withLists.stop();
  await toolsOnly.stop();
});

/** The 2025-era client opens its GET notification stream just after initialize; repeat the notification until it lands. */
async function receives(send: () => void, arrived: Promise<void>): Promise<void> {
  const timer = setInterval(send, 100);
  await arrived.finally(() => clearInterval(timer));
}

describe('resources and prompts list_changed', () => {
  it('advertises listChanged for resources and prompts', async () => {
    const v1 = await connectV1(lists.url);
    expect(v1.getServerCapabilities()).toMatchObject({ resources: { listChanged: true }, prompts: { listChanged: true } });
    await v1.close();
  });

  it('a 2025-era session gets notifications/resources/list_changed and sees the new resource', async () => {
    const v1 = await connectV1(lists.url);
    expect((await v1.listResources()).resources.map((r) => r.uri)).toEqual(['notes://first']);
    const changed = new Promise<void>((resolve) => v1.setNotificationHandler(ResourceListChangedNotificationSchema, () => resolve()));
    notes.push({ id: 'second', text: 'two' });
    await receives(() => withLists.notifyResourcesChanged(), changed);
    expect((await v1.listResources()).resources.map((r) => r.uri)).toEqual(['notes://first', 'notes://second']);
    await v1.close();
  });

  it('a 2025-era session gets notifications/prompts/list_changed', async () => {
    const v1 = await connectV1(lists.url);
    let resources = 0;
    v1.setNotificationHandler(ResourceListChangedNotificationSchema, () => {
      resources += 1;
    });
    const changed = new Promise<void>((resolve) => v1.setNotificationHandler(PromptListChangedNotificationSchema, () => resolve()));
    await receives(() => withLists.notifyPromptsChanged(), changed);
    expect(resources).toBe(0);
    await v1.close();
  });

  it('a service without resources or prompts ignores those notifications and still sends tool changes', async () => {
    const v1 = await connectV1(bare.url);
    expect(v1.getServerCapabilities()?.resources).toBeUndefined();
    const changed = new Promise<void>((resolve) => v1.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    await receives(() => {
      toolsOnly.notifyResourcesChanged();
      toolsOnly.notifyPromptsChanged();
      toolsOnly.notifyToolsChanged();
    }, changed);
    expect((await v1.callTool({ name: 'ping', arguments: {} })).structuredContent).toEqual({ pong: true });
    await v1.close();
  });
});
