import { MAX_COMMAND_CHARS, refuse } from './types.js';

/** ASCII characters a shell gives meaning to, and the characters paths are made of. */
const SIGNIFICANT = new Set([...';|&$`<>(){}[]*?!#~\'"\\/.-=:@%^, \t']);

/**
 * Non-ASCII characters that look like significant ASCII but NFKC does not map
 * to it (slashes, dashes, quotes, bars, semicolon lookalikes).
 */
const CONFUSABLES = new Set([
  ...'\u2215\u2044\u29F8\u2571\u01C0\u01C3\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2018\u2019\u201A\u201B\u201C\u201D\u2032',
  ...'\u2033\u02B9\u02BA\u02C8\u02CB\u2035\u037E\u2223\u2225\u23D0\u2758\u00A6\uFF5C\u2024\u2027\u00B7\u2039\u203A\u02C2\u02C3',
]);

/**
 * Checks on the raw text, before it is split: size, bytes no command line
 * should hold, and Unicode that would make the validator and a human (or a
 * shell) read different things.
 */
export function checkRaw(command: string): void {
  if (command.trim() === '') refuse('empty', 'The command is empty.');
  if (command.length > MAX_COMMAND_CHARS) refuse('too-long', `The command is ${command.length} characters long; at most ${MAX_COMMAND_CHARS} are accepted.`);
  if (command.includes('\0')) refuse('nul-byte', 'The command contains a NUL byte.');
  if (/[\r\n\u2028\u2029\u0085]/.test(command)) refuse('newline', 'The command contains a line break: one command per call, no newline injection.');
  // C0 controls except tab, DEL, C1 controls.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
  if (/[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(command)) refuse('control-character', 'The command contains a control character.');
  if (/\p{Cf}/u.test(command))
    refuse('invisible-character', 'The command contains an invisible or bidirectional formatting character (zero-width, RTL override…).');
  for (const ch of command) {
    if (ch.charCodeAt(0) < 0x80) continue;
    if (/\p{Zs}/u.test(ch)) refuse('unicode-lookalike', `The command contains a non-ASCII space (U+${hex(ch)}); use a plain space.`);
    const folded = ch.normalize('NFKC');
    if (CONFUSABLES.has(ch) || [...folded].some((c) => SIGNIFICANT.has(c))) {
      refuse('unicode-lookalike', `The command contains "${ch}" (U+${hex(ch)}), which looks like the ASCII "${folded}"; type the ASCII character.`);
    }
  }
}

function hex(ch: string): string {
  return (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

const SHELLS = '(?:ba|da|z|k|c|tc|fi|a)?sh|python[0-9.]*|perl|ruby|node|php|lua';
const DOWNLOADERS = '(?:curl|wget|fetch|aria2c|lwp-download)';

/**
 * Well-known dangerous shapes recognised on the raw text, so the refusal names
 * the danger rather than the first forbidden character it contains.
 */
export function checkDangerousShapes(command: string): void {
  if (/\(\s*\)\s*\{/.test(command) || /:\s*\|\s*:\s*&/.test(command)) {
    refuse('fork-bomb', 'Function definitions are refused (this is the shape of a fork bomb).');
  }
  if (new RegExp(`\\b${DOWNLOADERS}\\b[^|]*\\|\\s*(?:sudo\\s+)?(?:\\S*/)?(?:${SHELLS})\\b`).test(command)) {
    refuse('download-to-shell', 'Piping a download into a shell or interpreter is refused.');
  }
  if (new RegExp(`(?:${SHELLS})\\s*<\\s*\\(\\s*${DOWNLOADERS}`).test(command) || new RegExp(`\\$\\(\\s*${DOWNLOADERS}`).test(command)) {
    refuse('download-to-shell', 'Running downloaded code is refused.');
  }
  if (/>\s*&?\s*\/dev\/(?!null\b|stdout\b|stderr\b)/.test(command)) refuse('device-write', 'Writing to a device is refused.');
}
