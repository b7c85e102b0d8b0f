import type { Logger } from '@mcp/runtime';
import { loadTemplateDir, type LoadedTemplates } from './template-files.js';
import type { WorkflowTemplate } from './template-schema.js';
import type { WorkflowStore } from './workflow-store.js';

export interface CatalogEntry {
  template: WorkflowTemplate;
  source: 'file' | 'store';
  /** Store version (optimistic concurrency of PUT); absent for files. */
  version?: number;
}

/**
 * Templates from GATEWAY_WORKFLOWS_DIR plus the store's `workflow_templates`;
 * a stored template overrides a file of the same name (as the registry does
 * with configs). Files are read at start and on reload; the store is read on
 * each lookup, so a template created on one replica is usable on all.
 */
export class TemplateCatalog {
  private files: LoadedTemplates = { templates: new Map(), rejected: [] };
  private any = false;

  constructor(
    private readonly store: WorkflowStore,
    private readonly dir: string | undefined,
    private readonly logger: Logger,
    /** Called when the catalogue goes from empty to not empty or back (the workflow tools appear or disappear). */
    private readonly onAvailabilityChange: () => void = () => {},
  ) {}

  /** Whether any template exists (cheap, cached; see refresh). */
  get hasAny(): boolean {
    return this.any;
  }

  /** Re-counts templates (files + store); other replicas' admin changes are seen at the next refresh. */
  async refresh(): Promise<void> {
    const any = this.files.templates.size > 0 || (await this.store.listTemplates()).length > 0;
    if (any === this.any) return;
    this.any = any;
    this.onAvailabilityChange();
  }

  /** Re-reads the folder; rejected files are logged with every problem and do not affect the others. */
  async reloadFiles(): Promise<LoadedTemplates> {
    if (!this.dir) return this.files;
    this.files = await loadTemplateDir(this.dir);
    for (const r of this.files.rejected)
      this.logger.error({ file: r.file, problems: r.problems }, `workflow template ${r.file} rejected: ${r.problems.join('; ')}`);
    this.logger.info({ dir: this.dir, loaded: [...this.files.templates.keys()], rejected: this.files.rejected.length }, 'workflow templates loaded');
    await this.refresh();
    return this.files;
  }

  get rejected(): LoadedTemplates['rejected'] {
    return this.files.rejected;
  }

  async get(name: string): Promise<CatalogEntry | undefined> {
    const stored = await this.store.getTemplate(name);
    if (stored) return { template: stored.template, source: 'store', version: stored.version };
    const file = this.files.templates.get(name);
    return file && { template: file, source: 'file' };
  }

  async list(): Promise<CatalogEntry[]> {
    const byName = new Map<string, CatalogEntry>();
    for (const t of this.files.templates.values()) byName.set(t.name, { template: t, source: 'file' });
    for (const s of await this.store.listTemplates()) byName.set(s.name, { template: s.template, source: 'store', version: s.version });
    return [...byName.values()].sort((a, b) => a.template.name.localeCompare(b.template.name));
  }
}
