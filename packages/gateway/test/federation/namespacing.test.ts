import { describe, expect, it } from 'vitest';
import { NAMESPACE } from '../../src/config/schema.js';
import { defaultNamespace, gatewayTemplate, gatewayUri, namespaceOf, parseGatewayUri, qualifyName, TOOL_NAME } from '../../src/federation/namespacing.js';

describe('namespaces', () => {
  it('defaults to the registry name normalised to the schema shape', () => {
    expect(defaultNamespace('slack')).toBe('slack');
    expect(defaultNamespace('AI_Memory.v2')).toBe('ai-memory-v2');
    expect(defaultNamespace('9lives')).toBe('n9lives');
    expect(defaultNamespace('___')).toBe('backend');
    expect(defaultNamespace('a'.repeat(64))).toHaveLength(31);
    for (const name of ['slack', 'AI_Memory.v2', '9lives', '___', 'x'.repeat(64), 'a-'.repeat(20)]) expect(NAMESPACE.test(defaultNamespace(name))).toBe(true);
  });

  it("takes an explicit namespace, '' included", () => {
    expect(namespaceOf('slack', { url: 'http://x', namespace: 'chat' } as never)).toBe('chat');
    expect(namespaceOf('slack', { url: 'http://x', namespace: '' } as never)).toBe('');
    expect(namespaceOf('slack', { url: 'http://x' } as never)).toBe('slack');
  });
});

describe('qualifyName', () => {
  it('prefixes with <namespace>_, or not at all for the empty namespace', () => {
    expect(qualifyName('slack', 'post_message')).toBe('slack_post_message');
    expect(qualifyName('', 'post_message')).toBe('post_message');
  });

  it('keeps every name valid for MCP and model APIs, deterministically and distinctly', () => {
    const long = `${'very_long_tool_name_'.repeat(4)}x`;
    const a = qualifyName('github-enterprise', long);
    const b = qualifyName('github-enterprise', `${long}y`);
    expect(a).toMatch(TOOL_NAME);
    expect(a).toHaveLength(64);
    expect(b).toMatch(TOOL_NAME);
    expect(a).not.toBe(b);
    expect(qualifyName('github-enterprise', long)).toBe(a);
    // Characters some backends use (dots, slashes) are replaced, and the hash keeps a.b and a_b apart.
    const dotted = qualifyName('ns', 'files.read');
    expect(dotted).toMatch(TOOL_NAME);
    expect(dotted).not.toBe(qualifyName('ns', 'files_read'));
    expect(qualifyName('', '')).toMatch(TOOL_NAME);
  });
});

describe('gateway URIs', () => {
  it('round-trip any URI, blocks included', () => {
    for (const uri of ['test://static-text', 'mcp-blocks://0b8f/3', 'file:///tmp/a b.txt?x=1#y', 'https://h/p?q=%20']) {
      const gw = gatewayUri('ns', uri);
      expect(gw.startsWith('mcp+gw://ns/')).toBe(true);
      expect(parseGatewayUri(gw)).toEqual({ key: 'ns', original: uri });
    }
    expect(parseGatewayUri('test://x')).toBeUndefined();
    expect(parseGatewayUri('mcp+gw://ns/%E0%A4%A')).toBeUndefined();
  });

  it('keeps template expressions, so expanding the gateway template yields a gateway URI of the backend expansion', () => {
    const template = gatewayTemplate('fx', 'test://template/{id}/data');
    expect(template).toBe('mcp+gw://fx/test%3A%2F%2Ftemplate%2F{id}%2Fdata');
    const expanded = template.replace('{id}', '123');
    expect(parseGatewayUri(expanded)).toEqual({ key: 'fx', original: 'test://template/123/data' });
  });
});
