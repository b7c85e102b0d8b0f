import { MAX_ARG_CHARS, MAX_ARGS, MAX_SEGMENTS, type Operator, type Parsed, refuse } from './types.js';

/**
 * Splits a command line into simple commands the way a POSIX shell would
 * split words — single quotes, double quotes, backslash escapes — but with no
 * expansion at all: every construct that would make a shell run or substitute
 * something is refused, not interpreted. Only `|`, `&&` and `||` survive as
 * operators (allowed later only when the shell is).
 */
export function tokenize(input: string): Parsed {
  const segments: string[][] = [[]];
  const operators: Operator[] = [];
  let word: string | undefined;
  const current = () => segments[segments.length - 1] as string[];
  const endWord = () => {
    if (word === undefined) return;
    if (word.length > MAX_ARG_CHARS) refuse('argument-too-long', `An argument is ${word.length} characters long; at most ${MAX_ARG_CHARS} are accepted.`);
    current().push(word);
    if (current().length > MAX_ARGS) refuse('too-many-arguments', `At most ${MAX_ARGS} arguments per command.`);
    word = undefined;
  };
  const operator = (op: Operator) => {
    endWord();
    if (current().length === 0) refuse('syntax', `"${op}" has no command before it.`);
    operators.push(op);
    segments.push([]);
    if (segments.length > MAX_SEGMENTS) refuse('too-many-commands', `At most ${MAX_SEGMENTS} commands per pipeline.`);
  };

  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    const next = input[i + 1];
    if (c === ' ' || c === '\t') {
      endWord();
      i += 1;
    } else if (c === "'") {
      const close = input.indexOf("'", i + 1);
      if (close < 0) refuse('syntax', 'Unterminated single quote.');
      word = (word ?? '') + input.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      for (;;) {
        const d = input[j];
        if (d === undefined) refuse('syntax', 'Unterminated double quote.');
        if (d === '"') break;
        if (d === '$' || d === '`')
          refuse('expansion', 'Expansions inside double quotes ($, `) are refused: nothing is expanded; use single quotes for literal text.');
        if (d === '\\' && (input[j + 1] === '"' || input[j + 1] === '\\')) {
          text += input[j + 1];
          j += 2;
        } else {
          text += d;
          j += 1;
        }
      }
      word = (word ?? '') + text;
      i = j + 1;
    } else if (c === '\\') {
      if (next === undefined) refuse('syntax', 'A trailing backslash escapes nothing.');
      word = (word ?? '') + next;
      i += 2;
    } else if (c === '$') {
      if (next === '(') refuse('command-substitution', 'Command substitution $(…) is refused.');
      if (next === '{') refuse('expansion', `Parameter expansion \${…} is refused: variables are not expanded.`);
      refuse('expansion', 'Variables ($NAME) are not expanded and are refused; write the value itself.');
    } else if (c === '`') {
      refuse('command-substitution', 'Command substitution with backticks is refused.');
    } else if (c === '|') {
      if (next === '&') refuse('redirection', '"|&" is refused.');
      operator(next === '|' ? '||' : '|');
      i += next === '|' ? 2 : 1;
    } else if (c === '&') {
      if (next !== '&') refuse('background', 'Running commands in the background (&) is refused.');
      operator('&&');
      i += 2;
    } else if (c === ';') {
      refuse('separator', 'Command separators (;) are refused: one command per call.');
    } else if (c === '>' || c === '<') {
      refuse('redirection', 'Redirections (<, >) are refused: use write_file to write a file.');
    } else if (c === '(' || c === ')') {
      refuse('subshell', 'Subshells and process substitution (parentheses) are refused.');
    } else if (c === '{' || c === '}') {
      refuse('brace', 'Unquoted braces are refused (brace groups and expansion); quote them.');
    } else if (c === '*' || c === '?' || c === '[') {
      refuse('glob', "Wildcards are not expanded and are refused unquoted; list with find -name 'pattern' instead.");
    } else if (c === '!' && word === undefined) {
      refuse('history', 'A leading "!" (negation, history expansion) is refused.');
    } else if (c === '#' && word === undefined) {
      refuse('comment', 'Comments (#) are refused.');
    } else if (c === '~' && word === undefined) {
      refuse('tilde', 'A leading "~" is not expanded and is refused; write the absolute path.');
    } else {
      word = (word ?? '') + c;
      i += 1;
    }
  }
  endWord();
  if (current().length === 0) refuse(operators.length ? 'syntax' : 'empty', operators.length ? 'The command ends with an operator.' : 'The command is empty.');
  return { segments, operators };
}

/** Quotes one argument for a POSIX shell: single quotes, with embedded ones as '\''. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+:,./-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** The shell text for a validated pipeline: every argument quoted, so the shell adds nothing but the operators. */
export function serialize(parsed: Parsed): string {
  return parsed.segments
    .map((argv, i) => {
      const text = argv.map(shellQuote).join(' ');
      const op = parsed.operators[i];
      return op ? `${text} ${op}` : text;
    })
    .join(' ');
}
