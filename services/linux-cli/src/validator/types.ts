/** Operators a validated pipeline may contain (only with the shell allowed). */
export type Operator = '|' | '&&' | '||';

/** What a command does: read-only commands run through run_command, writes through run_write_command (destructive). */
export type CommandClass = 'read' | 'write';

/** Why a command was refused: a stable rule id (for tests, audits and dashboards) and a message a model can act on. */
export class Refusal extends Error {
  readonly rule: string;
  readonly hint: string | undefined;
  constructor(rule: string, message: string, hint?: string) {
    super(message);
    this.name = 'Refusal';
    this.rule = rule;
    this.hint = hint;
  }
}

export function refuse(rule: string, message: string, hint?: string): never {
  throw new Refusal(rule, message, hint);
}

/** A command split into simple commands (argv each) joined by operators. */
export interface Parsed {
  segments: string[][];
  operators: Operator[];
}

/** The validator's verdict on an allowed command. */
export interface Plan extends Parsed {
  class: CommandClass;
  /** Working directory, canonical, inside a root. */
  cwd: string;
  /** Canonical paths the arguments resolve to (for audits and backups). */
  paths: string[];
}

export const MAX_COMMAND_CHARS = 4096;
export const MAX_ARG_CHARS = 1024;
export const MAX_ARGS = 256;
export const MAX_SEGMENTS = 8;
