import type { ResourceDefinition } from '@mcp/runtime';
import { TEST_IMAGE_BASE64 } from './media.js';

const text = (uri: string, mimeType: string, body: string) => ({ contents: [{ uri, mimeType, text: body }] });

/** The `test://` resources and template the resources-* scenarios read. */
export const resources: ResourceDefinition[] = [
  {
    name: 'static-text',
    uri: 'test://static-text',
    title: 'Static text resource',
    description: 'A fixed text resource (resources-read-text).',
    mimeType: 'text/plain',
    read: async (uri) => text(uri.href, 'text/plain', 'This is the content of the static text resource.'),
  },
  {
    name: 'static-binary',
    uri: 'test://static-binary',
    title: 'Static binary resource',
    description: 'A fixed 1x1 PNG, base64 in `blob` (resources-read-binary).',
    mimeType: 'image/png',
    read: async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'image/png', blob: TEST_IMAGE_BASE64 }] }),
  },
  {
    name: 'template',
    uri: 'test://template/{id}/data',
    title: 'Resource template',
    description: 'JSON data for any id, substituted from the URI (resources-templates-read).',
    mimeType: 'application/json',
    complete: { id: (value) => ['123', '456', '789'].filter((id) => id.startsWith(value)) },
    read: async (uri, { id }) => {
      const value = String(id);
      return text(uri.href, 'application/json', JSON.stringify({ id: value, templateTest: true, data: `Data for ID: ${value}` }));
    },
  },
  {
    name: 'watched-resource',
    uri: 'test://watched-resource',
    title: 'Watched resource',
    description: 'The resource the subscribe/unsubscribe scenarios subscribe to.',
    mimeType: 'text/plain',
    read: async (uri) => text(uri.href, 'text/plain', 'Watched resource content'),
  },
];
