import * as z from 'zod';

/**
 * Shapes of the EdgeLake answers the tools rely on, as EdgeLake documents and
 * emits them; read with safeParse at the tool boundary (src/parse.ts reads the
 * text-table forms). Unknown fields are kept out; every value is untrusted.
 */

/** `sql <dbms> format = json …`: rows under "Query", optional statistics under "Statistics". */
export const queryResponseSchema = z.looseObject({
  Query: z.array(z.record(z.string(), z.unknown())).optional(),
  Statistics: z.array(z.record(z.string(), z.unknown())).optional(),
});

/** `blockchain get table`: table policies, `{"table": {"dbms", "name", "create", "id", "date", "ledger"}}`. */
export const tablePolicySchema = z.object({ table: z.looseObject({ dbms: z.string(), name: z.string() }) });

/** `get columns … and format = json`: column name → data type. */
export const columnsSchema = z.record(z.string(), z.string());

/** `get databases where format = json`: logical database → its connection. */
export const databasesSchema = z.record(
  z.string(),
  z.looseObject({ dbms_type: z.string().optional(), ip_port: z.string().optional(), storage: z.string().optional() }),
);
