/**
 * The one trivial tool every target serves, and the payload of the large-result
 * tool. Each target registers `echo` with its own SDK; this module holds only
 * what they share, so every target answers the same call with the same result.
 */
export const ECHO = {
  name: 'echo',
  title: 'Echo',
  description: 'Echoes the text back as structured content.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

/** The text the load generator sends. */
export const ECHO_TEXT = 'hello, bench';

/** The runtime's default text rendering of `{ text }` (pretty JSON), reused by the stock servers. */
export function renderEcho(text) {
  return JSON.stringify({ text }, null, 2);
}

/** Deterministic mixed ASCII / multi-byte text of exactly `bytes` UTF-8 bytes. */
export function makePayload(bytes) {
  const unit = 'abcdefghij0123456789-é-€-😀-';
  const unitBytes = Buffer.byteLength(unit);
  const whole = Math.floor(bytes / unitBytes);
  return unit.repeat(whole) + 'x'.repeat(bytes - whole * unitBytes);
}
