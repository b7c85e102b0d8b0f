import type { Client, McpSubscription } from '@modelcontextprotocol/client';

/**
 * The resource URIs the gateway's callers subscribed to on one backend,
 * carried across reconnects: 2025-era backends get resources/subscribe per
 * URI; 2026-07-28 backends one subscriptions/listen stream naming them all
 * (re-opened when the set changes). Backends that do not offer subscriptions
 * are not asked; the gateway still acknowledges its callers.
 */
export class BackendSubscriptions {
  private readonly uris = new Set<string>();
  private client: Client | undefined;
  private listen: McpSubscription | undefined;

  constructor(private readonly onUpdated: (uri: string) => void) {}

  /** A new session: route its update notifications and subscribe it to everything wanted. */
  async attach(client: Client): Promise<void> {
    this.client = client;
    this.listen = undefined;
    client.setNotificationHandler('notifications/resources/updated', (notification) => this.onUpdated(notification.params.uri));
    if (!this.supported(client) || this.uris.size === 0) return;
    if (client.getProtocolEra() === 'modern') await this.relisten(client);
    else await Promise.all([...this.uris].map((uri) => client.subscribeResource({ uri })));
  }

  detach(): void {
    this.client = undefined;
    this.listen = undefined;
  }

  async add(uri: string): Promise<void> {
    if (this.uris.has(uri)) return;
    this.uris.add(uri);
    await this.apply(uri, true);
  }

  async remove(uri: string): Promise<void> {
    if (!this.uris.delete(uri)) return;
    await this.apply(uri, false);
  }

  private supported(client: Client): boolean {
    return client.getServerCapabilities()?.resources?.subscribe === true;
  }

  private async apply(uri: string, subscribe: boolean): Promise<void> {
    const client = this.client;
    if (!client || !this.supported(client)) return;
    if (client.getProtocolEra() === 'modern') return this.relisten(client);
    if (subscribe) await client.subscribeResource({ uri });
    else await client.unsubscribeResource({ uri });
  }

  private async relisten(client: Client): Promise<void> {
    const previous = this.listen;
    this.listen = this.uris.size > 0 ? await client.listen({ resourceSubscriptions: [...this.uris] }) : undefined;
    await previous?.close();
  }
}
