import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { CachedRead, declaredCachedReads, declaredRows, LiveRow } from '../../src/realtime/live-rows';

const SRC = join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Loads every `*.queries.ts` under src/, so all their rows and cached reads are declared. */
export async function loadEveryQueriesFile(): Promise<{
  rows: readonly LiveRow[];
  cachedReads: readonly CachedRead[];
}> {
  const files = sourceFiles(SRC).filter((path) => path.endsWith('.queries.ts'));
  for (const file of files) {
    await import(file);
  }
  return { rows: declaredRows(), cachedReads: declaredCachedReads() };
}

/** What the database says about a column. */
export interface SchemaColumn {
  /** The declared type, lower case: `varchar(36)`, `character varying`, `integer`, `boolean`… */
  type: string;
  nullable: boolean;
}

const TYPES_OF_KIND: Record<'text' | 'number' | 'bool', RegExp> = {
  text: /^(varchar|character varying|text)\b/,
  number: /^(integer|int|bigint|smallint)\b/,
  bool: /^boolean\b/,
};

/**
 * Every way the declared rows disagree with the schema: a table or column that does not exist, a type of
 * another kind, or a nullability that differs from the row type's.
 */
export function rowProblems(
  rows: readonly LiveRow[],
  columnsOf: (table: string) => Map<string, SchemaColumn>,
): string[] {
  const problems: string[] = [];
  for (const row of rows) {
    const schema = columnsOf(row.table);
    if (schema.size === 0) {
      problems.push(`${row.table}: no such table`);
      continue;
    }
    for (const [name, kind] of Object.entries(row.columns)) {
      const column = schema.get(name);
      if (!column) {
        problems.push(`${row.table}.${name}: no such column`);
        continue;
      }
      const base = kind.replace('?', '') as 'text' | 'number' | 'bool';
      if (!TYPES_OF_KIND[base].test(column.type)) {
        problems.push(`${row.table}.${name}: declared ${kind}, but the column is ${column.type}`);
      }
      if (kind.endsWith('?') !== column.nullable) {
        problems.push(
          `${row.table}.${name}: declared ${kind}, but the column is ${column.nullable ? '' : 'NOT '}NULL`,
        );
      }
    }
  }
  return problems;
}

// A statement in code: SELECT … FROM, INSERT INTO, DELETE FROM, UPDATE <table> SET.
const SQL_STATEMENT =
  /\b(SELECT\b[^;`]*?\bFROM\s+["\w]|INSERT\s+INTO\s|DELETE\s+FROM\s|UPDATE\s+"?\w+"?\s+SET\s)/;

/** Source files outside src/database/ and the `*.queries.ts` files that hold SQL (tests aside). */
export function filesWithRawSql(): string[] {
  return sourceFiles(SRC)
    .filter((path) => !/\.(spec|int-spec|e2e-spec|pg-spec|test)\.ts$/.test(path))
    .filter((path) => !path.endsWith('.queries.ts') && !path.startsWith(join(SRC, 'database')))
    .filter((path) => SQL_STATEMENT.test(readFileSync(path, 'utf8')))
    .map((path) => relative(SRC, path));
}
