import type { Readable } from 'node:stream';

/**
 * The `data` of each `message` event of a text/event-stream body, in order,
 * as the SDK's EventSourceParserStream delivers them (WHATWG parsing: CR, LF
 * or CRLF line ends, `data:` lines joined with LF, one optional space after
 * the colon, comments and other fields skipped, an event ends at a blank
 * line). Events named other than `message` are skipped, as the SDK does.
 */
export async function* readSse(body: Readable): AsyncGenerator<string> {
  body.setEncoding('utf8');
  let buffer = '';
  let data: string[] = [];
  let event = '';
  /** Complete lines of the buffer; at the end of the body a trailing CR ends its line too. */
  function* drain(final: boolean): Generator<string> {
    let start = 0;
    for (;;) {
      const end = lineEnd(buffer, start, final);
      if (end === -1) break;
      const line = buffer.slice(start, end);
      start = buffer[end] === '\r' && buffer[end + 1] === '\n' ? end + 2 : end + 1;
      if (line === '') {
        if (data.length > 0 && (event === '' || event === 'message')) yield data.join('\n');
        data = [];
        event = '';
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value;
    }
    buffer = buffer.slice(start);
  }
  for await (const chunk of body as AsyncIterable<string>) {
    buffer += chunk;
    yield* drain(false);
  }
  yield* drain(true);
}

/** Index of the next CR or LF from `start`; a CR at the very end waits for a possible LF unless the body ended. */
function lineEnd(text: string, start: number, final: boolean): number {
  for (let i = start; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 10) return i;
    if (c === 13) return i + 1 < text.length || final ? i : -1;
  }
  return -1;
}
