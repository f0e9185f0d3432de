import type { TableColumnOptions } from 'typeorm';

/**
 * Column shapes for migrations, valid on SQLite and PostgreSQL alike. Frozen: changing one would rewrite
 * history for databases already migrated, so new shapes get new helpers.
 */
export const idPk = (name = 'id'): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isPrimary: true,
});
export const idRef = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isNullable: nullable,
});
export const utc = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '24',
  isNullable: nullable,
});
export const text = (name: string, nullable = true): TableColumnOptions => ({
  name,
  type: 'text',
  isNullable: nullable,
});
export const varchar = (
  name: string,
  length: number,
  nullable = false,
  def?: string,
): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
  ...(def !== undefined ? { default: `'${def}'` } : {}),
});
export const int = (name: string, nullable = true, def?: number): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable: nullable,
  ...(def !== undefined ? { default: def } : {}),
});
export const bool = (name: string, def: boolean): TableColumnOptions => ({
  name,
  type: 'boolean',
  isNullable: false,
  default: def ? true : false,
});
