import { UriTemplate } from '@modelcontextprotocol/client';
import type { BackendCatalog } from '../backends/backend.js';
import type { ManagedBackend } from '../backends/managed-backend.js';
import { gatewayTemplate, gatewayUri, namespaceOf, parseGatewayUri, qualifyName, uriKeyOf } from './namespacing.js';

export interface Origin<T> {
  backend: ManagedBackend;
  namespace: string;
  /** The backend's own name or URI. */
  original: string;
  /** The gateway's name or URI for it. */
  exposed: string;
  item: T;
}

export type ToolEntry = Origin<BackendCatalog['tools'][number]>;
export type PromptEntry = Origin<BackendCatalog['prompts'][number]>;
export type ResourceEntry = Origin<BackendCatalog['resources'][number]>;
export type TemplateEntry = Origin<BackendCatalog['resourceTemplates'][number]> & { matcher?: UriTemplate };

export interface Collision {
  kind: 'tool' | 'prompt' | 'resource' | 'resourceTemplate';
  /** The contested gateway name or URI. */
  name: string;
  kept: { backend: string; original: string };
  other: { backend: string; original: string };
  /** dropped: the later one is not served; rewritten: served under its gateway URI instead. */
  resolution: 'dropped' | 'rewritten';
}

/** The federated catalogue of every registered backend (healthy or not), with its routes back. */
export interface FederatedIndex {
  tools: Map<string, ToolEntry>;
  prompts: Map<string, PromptEntry>;
  resources: Map<string, ResourceEntry>;
  templates: Map<string, TemplateEntry>;
  /** URI authority → backends (stable order); several only when namespaces are shared. */
  uriKeys: Map<string, ManagedBackend[]>;
  collisions: Collision[];
}

/**
 * Builds the index in stable backend order: on a collision the earlier
 * backend keeps the name and the later one is reported (never a crash).
 * Unprefixed backends keep their own resource URIs unless another backend
 * already claimed one; then the later one is served under its gateway URI.
 */
export function buildIndex(backends: readonly ManagedBackend[]): FederatedIndex {
  const index: FederatedIndex = { tools: new Map(), prompts: new Map(), resources: new Map(), templates: new Map(), uriKeys: new Map(), collisions: [] };
  const claim = <T>(map: Map<string, Origin<T>>, kind: Collision['kind'], entry: Origin<T>): boolean => {
    const holder = map.get(entry.exposed);
    if (!holder) {
      map.set(entry.exposed, entry);
      return true;
    }
    index.collisions.push({ kind, name: entry.exposed, kept: who(holder), other: who(entry), resolution: 'dropped' });
    return false;
  };
  for (const backend of backends) {
    const namespace = namespaceOf(backend.name, backend.config);
    const key = uriKeyOf(backend.name, backend.config);
    index.uriKeys.set(key, [...(index.uriKeys.get(key) ?? []), backend]);
    const catalog = backend.catalog();
    const base = { backend, namespace };
    for (const tool of catalog.tools) claim(index.tools, 'tool', { ...base, original: tool.name, exposed: qualifyName(namespace, tool.name), item: tool });
    for (const prompt of catalog.prompts)
      claim(index.prompts, 'prompt', { ...base, original: prompt.name, exposed: qualifyName(namespace, prompt.name), item: prompt });
    for (const resource of catalog.resources) {
      const exposed = namespace ? gatewayUri(namespace, resource.uri) : resource.uri;
      const entry = { ...base, original: resource.uri, exposed, item: resource };
      if (!namespace && index.resources.has(exposed)) rewriteLater(index, 'resource', entry, gatewayUri(key, resource.uri), claim);
      else claim(index.resources, 'resource', entry);
    }
    for (const template of catalog.resourceTemplates) {
      const exposed = namespace ? gatewayTemplate(namespace, template.uriTemplate) : template.uriTemplate;
      const entry = { ...base, original: template.uriTemplate, exposed, item: template };
      if (!namespace && index.templates.has(exposed)) rewriteLater(index, 'resourceTemplate', entry, gatewayTemplate(key, template.uriTemplate), claim);
      else claim(index.templates, 'resourceTemplate', entry);
    }
  }
  return index;
}

function who(entry: Origin<unknown>): { backend: string; original: string } {
  return { backend: entry.backend.name, original: entry.original };
}

function rewriteLater<T>(
  index: FederatedIndex,
  kind: Collision['kind'],
  entry: Origin<T>,
  rewritten: string,
  claim: (map: Map<string, Origin<T>>, kind: Collision['kind'], entry: Origin<T>) => boolean,
): void {
  const map = (kind === 'resource' ? index.resources : index.templates) as unknown as Map<string, Origin<T>>;
  const holder = map.get(entry.exposed) as Origin<T>;
  if (claim(map, kind, { ...entry, exposed: rewritten })) {
    index.collisions.push({ kind, name: entry.exposed, kept: who(holder), other: who(entry), resolution: 'rewritten' });
  }
}

/** Which backend serves a URI the client sent, and under which URI the backend knows it. */
export function resolveUri(index: FederatedIndex, uri: string): { backend: ManagedBackend; original: string } | undefined {
  const listed = index.resources.get(uri);
  if (listed) return { backend: listed.backend, original: listed.original };
  const gw = parseGatewayUri(uri);
  if (gw) {
    const candidates = index.uriKeys.get(gw.key) ?? [];
    if (candidates.length <= 1) return candidates[0] && { backend: candidates[0], original: gw.original };
    const owner = candidates.find((b) => serves(index, b, gw.original)) ?? candidates.find((b) => b.status().state === 'healthy') ?? candidates[0];
    return owner && { backend: owner, original: gw.original };
  }
  // An unprefixed backend's own URI that no listing names: match its templates.
  for (const entry of index.templates.values()) {
    if (entry.namespace === '' && entry.exposed === entry.original && matches(entry, uri)) return { backend: entry.backend, original: uri };
  }
  return undefined;
}

function serves(index: FederatedIndex, backend: ManagedBackend, original: string): boolean {
  if (backend.catalog().resources.some((r) => r.uri === original)) return true;
  for (const entry of index.templates.values()) if (entry.backend === backend && matches(entry, original)) return true;
  return false;
}

function matches(entry: TemplateEntry, uri: string): boolean {
  try {
    entry.matcher ??= new UriTemplate(entry.original);
    return entry.matcher.match(uri) !== null;
  } catch {
    return false;
  }
}
