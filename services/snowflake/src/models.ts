import * as z from 'zod';

/**
 * Shapes of the Snowflake SQL API v2 payloads (the API's OpenAPI spec, sqlapi.yaml:
 * ResultSet, QueryStatus, QueryFailureStatus, CancelStatus), parsed once at the
 * client boundary. Unknown fields are ignored; every string that comes back is
 * untrusted data.
 */

export const rowTypeSchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  length: z.number().nullish(),
  precision: z.number().nullish(),
  scale: z.number().nullish(),
  nullable: z.boolean().nullish(),
});

export const partitionInfoSchema = z.looseObject({
  rowCount: z.number(),
  uncompressedSize: z.number().optional(),
  compressedSize: z.number().optional(),
});

/** 200: the statement ran; `data` holds partition 0 (or the partition asked for), every value a string or null. */
export const resultSetSchema = z.looseObject({
  code: z.string().optional(),
  sqlState: z.string().optional(),
  message: z.string().optional(),
  statementHandle: z.string().optional(),
  statementHandles: z.array(z.string()).optional(),
  createdOn: z.number().optional(),
  statementStatusUrl: z.string().optional(),
  resultSetMetaData: z
    .looseObject({
      numRows: z.number().optional(),
      format: z.string().optional(),
      rowType: z.array(rowTypeSchema).optional(),
      partitionInfo: z.array(partitionInfoSchema).optional(),
    })
    .optional(),
  data: z.array(z.array(z.string().nullable())).optional(),
  stats: z
    .looseObject({
      numRowsInserted: z.number().optional(),
      numRowsUpdated: z.number().optional(),
      numRowsDeleted: z.number().optional(),
      numDuplicateRowsUpdated: z.number().optional(),
    })
    .optional(),
});

/** 202 (still running, code 333334), 408 (timed out and cancelled) and 422 (failed) bodies. */
export const queryStatusSchema = z.looseObject({
  code: z.string().optional(),
  sqlState: z.string().optional(),
  message: z.string().optional(),
  statementHandle: z.string().optional(),
  createdOn: z.number().optional(),
  statementStatusUrl: z.string().optional(),
});

export const cancelStatusSchema = queryStatusSchema;

export type ResultSet = z.infer<typeof resultSetSchema>;
export type QueryStatus = z.infer<typeof queryStatusSchema>;
export type RowType = z.infer<typeof rowTypeSchema>;

/** Code of a 202 answer: "Asynchronous execution in progress". */
export const STILL_RUNNING_CODE = '333334';

/** The runtime's reading of rate-limit headers, should Snowflake send any. */
export const rateLimitSchema = z.object({
  limit: z.number().optional(),
  remaining: z.number().optional(),
  used: z.number().optional(),
  resetAt: z.string().optional().describe('When the window resets, ISO 8601'),
  resource: z.string().optional(),
});

export type RateLimit = z.infer<typeof rateLimitSchema>;

/** A result column as tools return it. */
export const columnSchema = z.object({
  name: z.string(),
  type: z.string().describe('Snowflake type: FIXED, REAL, TEXT, BOOLEAN, DATE, TIMESTAMP_NTZ, VARIANT…'),
  nullable: z.boolean().optional(),
  precision: z.number().optional(),
  scale: z.number().optional(),
  length: z.number().optional(),
});

export type Column = z.infer<typeof columnSchema>;

export function toColumns(rowType: RowType[] | undefined): Column[] {
  return (rowType ?? []).map((c) => ({
    name: c.name,
    type: c.type.toUpperCase(),
    ...(typeof c.nullable === 'boolean' && { nullable: c.nullable }),
    ...(typeof c.precision === 'number' && c.precision > 0 && { precision: c.precision }),
    ...(typeof c.scale === 'number' && c.type.toUpperCase() === 'FIXED' && { scale: c.scale }),
    ...(typeof c.length === 'number' && c.length > 0 && { length: c.length }),
  }));
}

/** Rows are arrays of strings (jsonv2 sends every value as text) or null. */
export const rowsSchema = z.array(z.array(z.string().nullable()));

/** Upstream text that reaches the agent is bounded. */
export function clip(text: string | undefined, max = 2_000): string | undefined {
  if (text === undefined) return undefined;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
