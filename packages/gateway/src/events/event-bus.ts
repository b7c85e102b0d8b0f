import { EventEmitter } from 'node:events';

/** What the admin API streams (SSE and WebSocket) and later issues audit. */
export type GatewayEventType =
  | 'reload.applied'
  | 'reload.rejected'
  | 'backend.added'
  | 'backend.removed'
  | 'backend.updated'
  | 'backend.healthy'
  | 'backend.unhealthy'
  | 'backend.restarted'
  | 'tools.changed'
  | 'tools.collision'
  | 'config.created'
  | 'config.updated'
  | 'config.deleted'
  // issue 6: feature flags and canary routing
  | 'flag.changed'
  | 'canary.rolled_back'
  | 'canary.promoted'
  | 'canary.weight_changed'
  // issue 7: approvals
  | 'approval.requested'
  | 'approval.decided'
  // issue 7: workflows
  | 'workflow.started'
  | 'workflow.step'
  | 'workflow.finished'
  | 'workflow.template';

export interface GatewayEvent {
  id: number;
  type: GatewayEventType;
  at: string;
  data: Record<string, unknown>;
}

/**
 * In-process event bus with a bounded replay buffer, so a client that
 * (re)connects with Last-Event-ID misses nothing recent.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();
  private readonly buffer: GatewayEvent[] = [];
  private nextId = 1;

  constructor(private readonly capacity = 1000) {
    this.emitter.setMaxListeners(0);
  }

  publish(type: GatewayEventType, data: Record<string, unknown> = {}): GatewayEvent {
    const event: GatewayEvent = { id: this.nextId++, type, at: new Date().toISOString(), data };
    this.buffer.push(event);
    if (this.buffer.length > this.capacity) this.buffer.shift();
    this.emitter.emit('event', event);
    return event;
  }

  subscribe(listener: (event: GatewayEvent) => void, afterId?: number): () => void {
    if (afterId !== undefined) for (const event of this.buffer) if (event.id > afterId) listener(event);
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  recent(limit = 100): GatewayEvent[] {
    return this.buffer.slice(-limit);
  }
}
