import { describe, expect, it } from 'vitest';
import { policyCommand, quotedValue, sqlCommand } from '../src/command.js';
import { parseTextTable } from '../src/parse.js';
import { validateReadQuery } from '../src/sql/read-only.js';

describe('read-only validator', () => {
  it.each([
    ['select * from ping_sensor', 'select * from ping_sensor', false],
    [
      'SELECT device_name, max(value) FROM ping_sensor WHERE period(minute, 10, now(), timestamp) GROUP BY device_name;',
      'SELECT device_name, max(value) FROM ping_sensor WHERE period(minute, 10, now(), timestamp) GROUP BY device_name',
      false,
    ],
    [
      'select increments(hour, 1, timestamp), min(value)\nfrom t /* hourly */ where value != 0 limit 10',
      'select increments(hour, 1, timestamp), min(value) from t where value != 0 limit 10',
      true,
    ],
    ["select * from t where name = 'O''Brien'  ;  ", "select * from t where name = 'O''Brien'", false],
    ['select a from (select a from t limit 5) x', 'select a from (select a from t limit 5) x', false],
    ["select replace(name, 'a', 'b'), value::int from t", "select replace(name, 'a', 'b'), value::int from t", false],
  ])('accepts %j', (input, sent, hasLimit) => {
    expect(validateReadQuery(input)).toEqual({ sql: sent, hasLimit });
  });

  it.each([
    ['', /empty/],
    ['-- nothing', /empty/],
    ['insert into t values (1)', /INSERT is not a SELECT/],
    ['with x as (select 1) select * from x', /WITH is not a SELECT/],
    ['select 1; select 2', /more than one statement/],
    ["select 1; update t set a = 1 where b = ';'", /more than one statement/],
    ['select * into t2 from t', /keyword INTO/],
    ['select * from t for update', /keyword UPDATE/],
    ["select nextval('s')", /nextval\(\) has side effects/],
    ["select load_extension('x')", /load_extension\(\) has side effects/],
    ["select * from query_to_xml('delete from t returning *', true, true, '')", /query_to_xml\(\) has side effects/],
    ['select "a" from t', /double-quoted identifiers/],
    ["select 'it''s \" here' from t", /double quote/],
    ["select 'two\nlines' from t", /cannot span lines/],
    ['select !password from t', /unexpected character "!"/],
    ['select * from t where a = $1', /unexpected character "\$"/],
    ['select `a` from t', /unexpected character/],
    ['select [a] from t', /unexpected character/],
    ["select * from t where a = 'München'", /printable ASCII/],
    ['select (1 from t', /unbalanced/],
    ["select 'open from t", /unterminated string/],
    ['select 1 /* open', /unterminated \/\* comment/],
  ])('refuses %j', (input, message) => {
    expect(() => validateReadQuery(input)).toThrow(message);
  });
});

describe('commands', () => {
  it('builds sql and policy commands from checked parts', () => {
    expect(sqlCommand('New_Company', 'select 1', false)).toBe('sql new_company format = json and stat = false "select 1"');
    expect(() => sqlCommand('a b', 'select 1', false)).toThrow(/not a valid database name/);
    expect(policyCommand('table', { dbms: 'lsl', name: 'ping sensor' })).toBe('blockchain get table where dbms = "lsl" and name = "ping sensor"');
    expect(quotedValue(32148)).toBe('"32148"');
    for (const bad of ['a"b', 'x\ny', '', 'a;b', '!dbms']) expect(() => quotedValue(bad), bad).toThrow(/cannot be used as a filter value/);
  });
});

describe('text tables', () => {
  it('reads fixed-width and pipe-separated tables', () => {
    expect(parseTextTable('Logical DBMS  Database Type\n------------- -------------\naiops         psql\ndmci          sqlite\n\nfooter')).toEqual({
      columns: ['Logical DBMS', 'Database Type'],
      rows: [
        { 'Logical DBMS': 'aiops', 'Database Type': 'psql' },
        { 'Logical DBMS': 'dmci', 'Database Type': 'sqlite' },
      ],
    });
    expect(parseTextTable('no table here')).toBeUndefined();
  });
});
