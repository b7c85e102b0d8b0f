import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { templateProblems, type WorkflowTemplate, workflowTemplateSchema } from './template-schema.js';

export type TemplateCheck = { ok: true; template: WorkflowTemplate } | { ok: false; problems: string[] };

/** Validates a parsed candidate, reporting every problem at once. */
export function checkTemplate(candidate: unknown): TemplateCheck {
  const parsed = workflowTemplateSchema.safeParse(candidate);
  return parsed.success ? { ok: true, template: parsed.data } : { ok: false, problems: templateProblems(parsed.error) };
}

/** Parses JSON or YAML text (by file extension) and validates it. */
export function checkTemplateText(text: string, fileName: string): TemplateCheck {
  let candidate: unknown;
  try {
    candidate = extname(fileName) === '.json' ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, problems: [`not valid ${extname(fileName) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`] };
  }
  return checkTemplate(candidate);
}

export interface LoadedTemplates {
  templates: Map<string, WorkflowTemplate>;
  /** Files that were rejected, with every problem; they do not affect the others. */
  rejected: { file: string; problems: string[] }[];
}

const EXTENSIONS = new Set(['.json', '.yaml', '.yml']);

/**
 * Loads every *.json / *.yaml / *.yml of a folder. Each file is one template;
 * an invalid file (or a second file with a name already taken) is rejected
 * alone with its problems, the others load. A missing folder is no templates.
 */
export async function loadTemplateDir(dir: string): Promise<LoadedTemplates> {
  const result: LoadedTemplates = { templates: new Map(), rejected: [] };
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => EXTENSIONS.has(extname(n))).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return result;
    throw error;
  }
  for (const name of names) {
    const file = join(dir, name);
    const check = checkTemplateText(await readFile(file, 'utf8'), name);
    if (!check.ok) result.rejected.push({ file, problems: check.problems });
    else if (result.templates.has(check.template.name))
      result.rejected.push({ file, problems: [`name: "${check.template.name}" is already defined by another file`] });
    else result.templates.set(check.template.name, check.template);
  }
  return result;
}
