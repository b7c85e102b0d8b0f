import { defineDatabaseHealthCheck } from '@mcp/sql';
import { storeHealthSchema } from '../models.js';

export const healthCheck = defineDatabaseHealthCheck({
  title: 'Check the CMDB database',
  description:
    'Checks the database behind the CMDB: engine (sqlite or postgres) and its version, who/where it is, schema version, integrity (PRAGMA quick_check on SQLite), full-text search availability, and counts of CI types, configuration items and relationships. Call it first when other tools fail.',
  details: storeHealthSchema,
  summarizeCounts: (c) =>
    `${c.counts.active_items}/${c.counts.configuration_items} active CIs, ${c.counts.relationships} relationships, ${c.counts.ci_types} types.`,
});
