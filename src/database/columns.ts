import { Column, ColumnOptions } from 'typeorm';

/**
 * An instant stored as a fixed-width UTC ISO string (`2020-11-20T01:00:00.000Z`): portable across SQLite and
 * PostgreSQL, and its string order is its time order, so range and overlap queries compare strings.
 */
export const UtcColumn = (options: Omit<ColumnOptions, 'type' | 'length'> = {}): PropertyDecorator =>
  Column({ type: 'varchar', length: 24, ...options });

export const IdColumn = (options: Omit<ColumnOptions, 'type' | 'length'> = {}): PropertyDecorator =>
  Column({ type: 'varchar', length: 36, ...options });

/** JSON kept as text: the same on both databases, parsed by TypeORM's simple-json. */
export const JsonColumn = (options: Omit<ColumnOptions, 'type'> = {}): PropertyDecorator =>
  Column({ type: 'simple-json', ...options });
