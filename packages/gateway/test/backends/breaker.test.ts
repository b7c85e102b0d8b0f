import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/backends/backoff.js';
import { createBreaker } from '../../src/backends/breaker.js';

describe('createBreaker', () => {
  const clock = () => {
    let t = 0;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };

  it('opens after the threshold of consecutive failures; a success resets the count', () => {
    const c = clock();
    const changes: string[] = [];
    const b = createBreaker({ failureThreshold: 3, resetTimeoutMs: 1000, now: c.now, onStateChange: (s) => changes.push(s) });
    b.failure();
    b.failure();
    b.success();
    b.failure();
    b.failure();
    expect(b.state()).toBe('closed');
    b.failure();
    expect(b.state()).toBe('open');
    expect(b.allow()).toBe(false);
    expect(b.retryInMs()).toBe(1000);
    expect(changes).toEqual(['open']);
  });

  it('lets exactly one trial through after the reset timeout; its outcome decides', () => {
    const c = clock();
    const b = createBreaker({ failureThreshold: 1, resetTimeoutMs: 1000, now: c.now });
    b.trip();
    c.advance(999);
    expect(b.allow()).toBe(false);
    c.advance(1);
    expect(b.allow()).toBe(true);
    expect(b.state()).toBe('halfOpen');
    expect(b.allow()).toBe(false);
    b.failure();
    expect(b.state()).toBe('open');
    c.advance(1000);
    expect(b.allow()).toBe(true);
    b.success();
    expect(b.state()).toBe('closed');
    expect(b.allow()).toBe(true);
  });

  it('frees the trial slot when the trial says nothing (cancelled)', () => {
    const c = clock();
    const b = createBreaker({ resetTimeoutMs: 0, now: c.now });
    b.trip();
    expect(b.allow()).toBe(true);
    expect(b.allow()).toBe(false);
    b.release();
    expect(b.allow()).toBe(true);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially, is capped, and jitters within [d/2, d]', () => {
    expect(backoffDelay(0, { baseMs: 100, random: () => 0 })).toBe(50);
    expect(backoffDelay(0, { baseMs: 100, random: () => 1 })).toBe(100);
    expect(backoffDelay(3, { baseMs: 100, random: () => 1 })).toBe(800);
    expect(backoffDelay(50, { baseMs: 100, capMs: 5000, random: () => 1 })).toBe(5000);
    expect(backoffDelay(50, { baseMs: 100, capMs: 5000, random: () => 0 })).toBe(2500);
  });
});
