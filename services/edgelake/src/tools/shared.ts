import { InvalidInputError } from '@mcp/runtime';
import * as z from 'zod';
import type { EdgeLakeClient } from '../client.js';
import { checkName } from '../command.js';

export const dbmsInput = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a logical database name')
  .optional()
  .describe('Logical database (default EDGELAKE_DEFAULT_DBMS)');

export const tableInput = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a table name')
  .describe('Table name');

/** The database to use: the argument, else EDGELAKE_DEFAULT_DBMS, else a message saying how to find one. */
export function resolveDbms(client: EdgeLakeClient, dbms: string | undefined): string {
  const name = dbms ?? client.env.EDGELAKE_DEFAULT_DBMS;
  if (!name)
    throw new InvalidInputError('No database given and EDGELAKE_DEFAULT_DBMS is not set.', {
      hint: 'Pass dbms (list_tables shows the databases of the network).',
    });
  return checkName(name, 'database');
}
