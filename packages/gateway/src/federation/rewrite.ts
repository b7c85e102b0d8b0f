import type { CallToolResult, GetPromptResult, ReadResourceResult } from '@mcp/runtime';
import type { ManagedBackend } from '../backends/managed-backend.js';
import type { FederatedIndex } from './catalog-index.js';
import { gatewayUri, namespaceOf, uriKeyOf } from './namespacing.js';

/** Maps one of a backend's URIs to the URI the gateway's clients use. */
export type Expose = (uri: string) => string;

const BLOCK_PREFIX = 'mcp-blocks://';
const BLOCK_URI = /mcp-blocks:\/\/[A-Za-z0-9_-]{1,128}(?:\/\d{1,9})?/g;

/**
 * Prefixed backends: every URI goes under their namespace. Unprefixed ones
 * keep their URIs, except large-result blocks (every service names them
 * `mcp-blocks://<uuid>`, so only a route makes them readable) and URIs another
 * backend claimed first.
 */
export function exposerFor(index: () => FederatedIndex, backend: ManagedBackend): Expose {
  return (uri) => {
    const namespace = namespaceOf(backend.name, backend.config);
    if (namespace) return gatewayUri(namespace, uri);
    const owner = uri.startsWith(BLOCK_PREFIX) ? undefined : index().resources.get(uri);
    if (uri.startsWith(BLOCK_PREFIX) || (owner && owner.backend !== backend)) return gatewayUri(uriKeyOf(backend.name, backend.config), uri);
    return uri;
  };
}

type Block = Record<string, unknown> & { type?: string };

function rewriteBlock(block: Block, expose: Expose): Block {
  if (block.type === 'resource_link' && typeof block.uri === 'string') return { ...block, uri: expose(block.uri) };
  if (block.type === 'resource' && block.resource && typeof (block.resource as { uri?: unknown }).uri === 'string') {
    const resource = block.resource as { uri: string };
    return { ...block, resource: { ...resource, uri: expose(resource.uri) } };
  }
  // The runtime's preview text names the block URIs to read: keep it truthful.
  if (block.type === 'text' && typeof block.text === 'string' && block.text.includes(BLOCK_PREFIX)) {
    return { ...block, text: block.text.replace(BLOCK_URI, (uri) => expose(uri)) };
  }
  return block;
}

/**
 * Everything else passes through untouched (content, structured output,
 * `_meta`): only URIs change, so that reading them later routes back.
 */
export function rewriteToolResult(result: CallToolResult, expose: Expose): CallToolResult {
  const content = Array.isArray(result.content) ? (result.content as Block[]).map((b) => rewriteBlock(b, expose)) : result.content;
  const structured = result.structuredContent as { truncated?: unknown; resource?: { uri?: unknown } } | undefined;
  // The large-result envelope (truncated + resource.uri) from the runtime.
  const envelope = structured?.truncated === true && typeof structured.resource?.uri === 'string';
  return {
    ...result,
    content: content as CallToolResult['content'],
    ...(envelope && {
      structuredContent: { ...structured, resource: { ...structured.resource, uri: expose(structured.resource?.uri as string) } },
    }),
  };
}

export function rewriteReadResult(result: ReadResourceResult, expose: Expose): ReadResourceResult {
  return {
    ...result,
    contents: result.contents.map((c) => {
      const meta = c._meta as Record<string, unknown> | undefined;
      const next = typeof meta?.next === 'string' ? { _meta: { ...meta, next: expose(meta.next) } } : {};
      return { ...c, uri: expose(c.uri), ...next };
    }),
  };
}

export function rewritePromptResult(result: GetPromptResult, expose: Expose): GetPromptResult {
  return {
    ...result,
    messages: result.messages.map((m) => ({ ...m, content: rewriteBlock(m.content as Block, expose) })) as GetPromptResult['messages'],
  };
}
