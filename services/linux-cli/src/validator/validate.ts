import { classify } from './commands.js';
import { checkDangerousShapes, checkRaw } from './lexical.js';
import { confine, type PathResolver, pathCandidates } from './paths.js';
import { tokenize } from './tokenize.js';
import { type CommandClass, type Parsed, type Plan, refuse } from './types.js';

export interface ValidatorConfig {
  /** Allowed command names, with the class declared for unknown ones. */
  allowlist: ReadonlyMap<string, CommandClass | undefined>;
  /** Pipelines and &&/|| between validated commands. */
  allowShell: boolean;
  /** Canonical roots. */
  roots: readonly string[];
  resolver: PathResolver;
}

const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'aria2c', 'lwp-download']);
const RUNNERS = /^(?:(?:ba|da|z|k|c|tc|fi|a)?sh|busybox|python[0-9.]*|perl|ruby|node|php|lua|xargs|env|source|eval)$/;
/** Commands whose operand must never be a root itself. */
const ROOT_GUARDED = new Set(['rm', 'rmdir', 'mv', 'chmod']);

/** Lexical and pipeline rules: no file system needed (validate_command shows them even without roots). */
export function parseChecked(command: string, config: Pick<ValidatorConfig, 'allowlist' | 'allowShell'>): Parsed & { class: CommandClass } {
  checkRaw(command);
  checkDangerousShapes(command);
  const parsed = tokenize(command);
  parsed.segments.forEach((argv, i) => {
    if (i > 0 && RUNNERS.test(argv[0] ?? '') && parsed.segments.slice(0, i).some((s) => DOWNLOADERS.has(s[0] ?? ''))) {
      refuse('download-to-shell', 'Piping a download into a shell or interpreter is refused.');
    }
  });
  const classes = parsed.segments.map((argv) => classify(argv, config.allowlist));
  if (parsed.operators.length > 0 && !config.allowShell) {
    refuse(
      'shell-operator',
      `"${parsed.operators[0]}" needs a shell, which is not allowed here: run one command per call.`,
      'The operator can allow validated pipelines with LINUX_CLI_ALLOW_SHELL=true.',
    );
  }
  return { ...parsed, class: classes.includes('write') ? 'write' : 'read' };
}

/**
 * The security validator, applied before every execution, local or remote:
 * raw-text checks, well-known dangerous shapes, strict word splitting with no
 * expansion, per-command rules and the allowlist, then every path-like
 * argument and the working directory confined to the roots (no "..", no
 * symlink escape, no credential paths). Throws a Refusal; returns the plan.
 */
export async function validate(command: string, cwd: string | undefined, config: ValidatorConfig): Promise<Plan> {
  const parsed = parseChecked(command, config);
  const [root] = config.roots;
  if (!root) refuse('no-roots', 'No roots are configured.');
  const [realCwd] = await confine('/', [cwd ?? root], config.roots, config.resolver);
  const candidates = parsed.segments.flatMap((argv) => pathCandidates(argv));
  const paths = await confine(realCwd as string, candidates, config.roots, config.resolver);
  for (const argv of parsed.segments) {
    if (!ROOT_GUARDED.has(argv[0] ?? '')) continue;
    const own = await confine(realCwd as string, pathCandidates(argv), config.roots, config.resolver);
    if (own.some((p) => config.roots.includes(p))) refuse('root-itself', `${argv[0]} on an allowed root itself is refused.`);
  }
  return { segments: parsed.segments, operators: parsed.operators, class: parsed.class, cwd: realCwd as string, paths };
}
