import { describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../src/logging/logger.js';
import { bindRequestLogger, RequestScope, requestChildLogger } from '../../src/logging/request-logger.js';

const trace = { traceId: '11111111111111111111111111111111', spanId: '2222222222222222', sampled: true };

function sinkLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ service: 'svc', level: 'debug', secrets: ['secret-value-123'], destination: { write: (line: string) => lines.push(line) } });
  return { logger, lines };
}

/** A line without its timestamp, which differs between two loggers by the clock only. */
function withoutTime(line: string): string {
  return line.replace(/"time":"[^"]+",/, '');
}

/** Counts child() calls on a logger and on every logger derived from it. */
function countChildren(logger: Logger, counter: { n: number }): Logger {
  const original = logger.child.bind(logger);
  logger.child = ((bindings: Record<string, unknown>, options?: object) => {
    counter.n += 1;
    return countChildren(original(bindings, options), counter);
  }) as unknown as Logger['child'];
  return logger;
}

describe('RequestScope', () => {
  it('writes the same line as the chain of child loggers it replaces, with one child()', () => {
    const chained = sinkLogger();
    chained.logger
      .child({ request_id: 'r-1', trace_id: trace.traceId })
      .child({ principal: 'key-1' })
      .child({ tool: 'echo' })
      .info({ outcome: 'success', token: 'secret-value-123' }, 'tool call');

    const lazy = sinkLogger();
    const counter = { n: 0 };
    const scope = new RequestScope('r-1', trace, countChildren(lazy.logger, counter), { request_id: 'r-1', trace_id: trace.traceId });
    bindRequestLogger(scope, { principal: 'key-1' });
    requestChildLogger(scope, lazy.logger, { tool: 'echo' }).info({ outcome: 'success', token: 'secret-value-123' }, 'tool call');

    expect(counter.n).toBe(1);
    expect(lazy.lines).toHaveLength(1);
    expect(withoutTime(lazy.lines[0] ?? '')).toBe(withoutTime(chained.lines[0] ?? ''));
    expect(lazy.lines[0]).toContain('"principal":"key-1","tool":"echo"');
    expect(lazy.lines[0]).not.toContain('secret-value-123');
  });

  it('keeps fields bound after the request logger was built, and honours a replaced logger', () => {
    const { logger, lines } = sinkLogger();
    const scope = new RequestScope('r-2', trace, logger, { request_id: 'r-2', trace_id: trace.traceId });
    scope.logger.info('before auth');
    bindRequestLogger(scope, { principal: 'key-2' });
    scope.logger.info('after auth');
    requestChildLogger(scope, logger, { tool: 't' }).info('in tool');
    scope.logger = logger.child({ replaced: true });
    scope.logger.info('replaced');
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records[0]).toMatchObject({ request_id: 'r-2', trace_id: trace.traceId, msg: 'before auth' });
    expect(records[0]).not.toHaveProperty('principal');
    expect(records[1]).toMatchObject({ request_id: 'r-2', principal: 'key-2', msg: 'after auth' });
    expect(records[2]).toMatchObject({ request_id: 'r-2', principal: 'key-2', tool: 't', msg: 'in tool' });
    expect(records[3]).toMatchObject({ replaced: true, msg: 'replaced' });
    expect(records[3]).not.toHaveProperty('request_id');
  });

  it('falls back to child() of a plain context or the service logger', () => {
    const { logger, lines } = sinkLogger();
    const plain = { requestId: 'r-3', trace, logger: logger.child({ request_id: 'r-3' }) };
    bindRequestLogger(plain, { principal: 'p' });
    requestChildLogger(plain, logger, { tool: 'a' }).info('plain');
    requestChildLogger(undefined, logger, { tool: 'b' }).info('none');
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records[0]).toMatchObject({ request_id: 'r-3', principal: 'p', tool: 'a' });
    expect(records[1]).toMatchObject({ tool: 'b' });
    expect(records[1]).not.toHaveProperty('request_id');
  });
});
