import { describe, expect, it } from 'vitest';
import { nameParts, qualifiedName, stringLiteral } from '../src/sql/identifiers.js';
import { tokenize } from '../src/sql/lexer.js';
import { assertReadOnlySql } from '../src/sql/read-only.js';
import { showStatement } from '../src/tools/list-objects.js';
import { historyStatement } from '../src/tools/query-history.js';

describe('read-only validator: accepted', () => {
  it.each([
    ['SELECT 1', 'SELECT'],
    ["select a, b from db.sch.t where x = 'a;b' -- trailing; comment\n", 'SELECT'],
    ['SELECT 1;', 'SELECT'],
    ['SELECT 1; -- done\n;', 'SELECT'],
    ['(SELECT 1) UNION ALL (SELECT 2)', 'SELECT'],
    ['SELECT v:name::string AS n FROM t, LATERAL FLATTEN(input => t.arr) f', 'SELECT'],
    ['SELECT * FROM t QUALIFY ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) = 1', 'SELECT'],
    ['WITH c AS (SELECT 1 AS x), d (y) AS (SELECT x FROM c) SELECT * FROM d', 'SELECT'],
    ['WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r', 'SELECT'],
    ['SHOW TABLES IN DATABASE foo', 'SHOW'],
    ['show grants to role analyst', 'SHOW'],
    ['DESCRIBE TABLE foo.bar', 'DESCRIBE'],
    ['DESC VIEW "My View"', 'DESCRIBE'],
    ['EXPLAIN USING TEXT SELECT * FROM t', 'EXPLAIN'],
    ['EXPLAIN WITH c AS (SELECT 1) SELECT * FROM c', 'EXPLAIN'],
    ['SELECT * FROM t AT(OFFSET => -60) SAMPLE (10)', 'SELECT'],
    ["SELECT $1, $2 FROM @my_stage/path (FILE_FORMAT => 'csv')", 'SELECT'],
    ['SELECT * FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 10))', 'SELECT'],
    ['SELECT ARRAY_AGG(x) WITHIN GROUP (ORDER BY x), GET(arr, 0) FROM t', 'SELECT'],
    ['SELECT \'DELETE FROM t; DROP TABLE x\' AS s, "UPDATE" FROM t', 'SELECT'],
    ['SELECT $$ INSERT INTO t VALUES (1) $$', 'SELECT'],
    ['SELECT /* DROP TABLE t */ 1 // CALL p()\n', 'SELECT'],
    ["SELECT 'it\\'s; DELETE' AS s", 'SELECT'],
    ["SELECT SYSTEM$CLUSTERING_INFORMATION('t'), SYSTEM$TYPEOF(1)", 'SELECT'],
    ['SELECT FILTER(arr, a -> a > 1) FROM t', 'SELECT'],
  ])('%s', (sql, kind) => {
    expect(assertReadOnlySql(sql)).toBe(kind);
  });
});

describe('read-only validator: refused', () => {
  it.each([
    ['', /empty/],
    ['-- only a comment', /empty/],
    ['DELETE FROM t', /DELETE is not a read statement|keyword DELETE/],
    ['INSERT INTO t SELECT 1', /INSERT is not a read statement/],
    ['SELECT 1; DELETE FROM t', /more than one statement/],
    ['SELECT 1; SELECT 2', /more than one statement/],
    ["SELECT 'a'; DROP TABLE t; --'", /more than one statement/],
    ['MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE', /MERGE is not a read statement/],
    ['CALL my_proc()', /CALL is not a read statement/],
    ['EXECUTE IMMEDIATE $$ DROP TABLE t $$', /EXECUTE is not a read statement/],
    ['BEGIN DROP TABLE t; END', /more than one statement/],
    ['TRUNCATE TABLE t', /TRUNCATE is not a read statement/],
    ['COPY INTO @s FROM t', /COPY is not a read statement/],
    ['GRANT ROLE r TO USER u', /GRANT is not a read statement/],
    ['USE ROLE ACCOUNTADMIN', /USE is not a read statement/],
    ['UNDROP TABLE t', /UNDROP is not a read statement/],
    ['PUT file:///tmp/x @s', /PUT is not a read statement/],
    ['CREATE TABLE t2 AS SELECT * FROM t', /CREATE is not a read statement/],
    ['WITH x AS (SELECT 1) DELETE FROM t', /only a SELECT may follow, not DELETE/],
    ['SELECT * FROM (DELETE FROM t)', /keyword DELETE/],
    ["SHOW TABLES LIKE 'x' ; SHOW TABLES", /more than one statement/],
    ['WITH p AS PROCEDURE () RETURNS INT LANGUAGE SQL AS $$ BEGIN RETURN 1; END $$ SELECT 1', /parenthesised query/],
    ['WITH x AS (SELECT 1) SHOW TABLES', /only a SELECT may follow/],
    ['SHOW TABLES ->> SELECT * FROM $1', /->> flow operator/],
    ['SELECT SYSTEM$CANCEL_ALL_QUERIES(1)', /SYSTEM\$CANCEL_ALL_QUERIES may change state/],
    ['select system$abort_session(1)', /SYSTEM\$ABORT_SESSION may change state/],
    ['SELECT my_seq.NEXTVAL', /NEXTVAL/],
    ['SELECT update FROM t', /keyword UPDATE/],
    ['EXPLAIN SHOW TABLES', /EXPLAIN only explains queries/],
    ['EXPLAIN DELETE FROM t', /DELETE is not a read statement/],
    ["SELECT 'unterminated", /unterminated string literal at character 8/],
    ['SELECT 1 /* open', /unterminated \/\* comment/],
    ['SELECT "open', /unterminated quoted identifier/],
    ['SELECT `x`', /unexpected character/],
    ["ALTER SESSION SET QUERY_TAG = 'x'", /ALTER is not a read statement/],
    ['SET x = 1', /SET is not a read statement/],
    ['SELECT * INTO t2 FROM t', /keyword INTO/],
    ['(DELETE FROM t)', /DELETE is not a read statement/],
  ])('%s', (sql, message) => {
    expect(() => assertReadOnlySql(sql)).toThrow(message);
  });

  it('the refusal says what to do instead', () => {
    const hint = (sql: string) => {
      try {
        assertReadOnlySql(sql);
      } catch (error) {
        return (error as { toText(): string }).toText();
      }
      return '';
    };
    expect(hint('DROP TABLE t')).toMatch(/DROP is not a read statement.*execute_statement.*SNOWFLAKE_READ_ONLY=false/);
    expect(hint('SELECT update FROM t')).toContain('double-quote it ("UPDATE")');
  });
});

describe('lexer', () => {
  it('keeps strings, identifiers and operators whole', () => {
    const tokens = tokenize(`SELECT 'a''b', "x""y", $$z$$, t.v:k::int, $1, 1.5e3 ->> 2`);
    expect(tokens.map((t) => `${t.kind}:${t.text}`)).toEqual([
      'word:SELECT',
      "string:'a''b'",
      'symbol:,',
      'quoted:"x""y"',
      'symbol:,',
      'string:$$z$$',
      'symbol:,',
      'word:t',
      'symbol:.',
      'word:v',
      'symbol::',
      'word:k',
      'symbol:::',
      'word:int',
      'symbol:,',
      'variable:$1',
      'symbol:,',
      'number:1.5e3',
      'symbol:->>',
      'number:2',
    ]);
  });
});

describe('identifiers and generated statements', () => {
  it('parses qualified names and refuses anything else', () => {
    expect(qualifiedName('sales.public.orders', 'table', 1, 3)).toBe('sales.public.orders');
    expect(nameParts('"My DB"."a.b"', 'schema', 1, 2)).toEqual(['"My DB"', '"a.b"']);
    expect(qualifiedName('"we""ird"', 'table', 1, 3)).toBe('"we""ird"');
    for (const bad of ['a.b.c.d', 'a;drop table t', 'a b', '"open', 'a.', '.a', '""', "a'b", 'a--b']) {
      expect(() => qualifiedName(bad, 'table name', 1, 3), bad).toThrow(/is not a valid table name/);
    }
  });

  it('quotes string literals', () => {
    expect(stringLiteral("O'Brien\\")).toBe("'O''Brien\\\\'");
    expect(assertReadOnlySql(`SELECT ${stringLiteral("x'; DELETE FROM t; --")}`)).toBe('SELECT');
  });

  it('builds SHOW statements from validated names, paging with LIMIT … FROM', () => {
    expect(showStatement('databases', { limit: 10 })).toBe('SHOW DATABASES LIMIT 11');
    expect(showStatement('schemas', { in: 'SALES', like: 'P%', limit: 5, cursor: 'PUBLIC' })).toBe(
      "SHOW SCHEMAS LIKE 'P%' IN DATABASE SALES LIMIT 6 FROM 'PUBLIC'",
    );
    expect(showStatement('tables', { in: 'SALES.PUBLIC', limit: 5 })).toBe('SHOW TABLES IN SCHEMA SALES.PUBLIC LIMIT 6');
    expect(showStatement('views', { in: '"a.b"', limit: 5 })).toBe('SHOW VIEWS IN DATABASE "a.b" LIMIT 6');
    expect(showStatement('warehouses', { limit: 5 })).toBe('SHOW WAREHOUSES');
    expect(() => showStatement('databases', { in: 'X', limit: 5 })).toThrow(/does not apply to databases/);
    expect(() => showStatement('tables', { in: 'a; DROP', limit: 5 })).toThrow(/not a valid/);
  });

  it('builds the query history statement with quoted values', () => {
    const sql = historyStatement({ limit: 20, user: "bo'b", status: 'FAILED_WITH_ERROR', since_hours: 24, database: 'SALES' });
    expect(sql).toBe(
      "SELECT query_id, query_text, user_name, role_name, warehouse_name, database_name, schema_name, query_type, execution_status, error_code, error_message, start_time, end_time, total_elapsed_time, rows_produced, bytes_scanned FROM TABLE(SALES.INFORMATION_SCHEMA.QUERY_HISTORY_BY_USER(USER_NAME => 'bo''b', END_TIME_RANGE_START => DATEADD('hour', -24, CURRENT_TIMESTAMP()), RESULT_LIMIT => 10000)) WHERE execution_status = 'FAILED_WITH_ERROR' ORDER BY start_time DESC LIMIT 20",
    );
    expect(assertReadOnlySql(sql)).toBe('SELECT');
    expect(() => historyStatement({ limit: 5, user: 'a', warehouse: 'w' })).toThrow(/not both/);
  });
});
