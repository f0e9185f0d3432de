import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { DatabaseConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { SqliteCheckpointer } from './sqlite-checkpointer';

@Module({})
export class DatabaseModule {
  /** The embedded SQLite default migrates itself at start; PostgreSQL is migrated by operators. */
  static forRoot(database: DatabaseConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions(database),
            migrationsRun: database.type === 'sqlite',
          }),
        }),
      ],
      providers: [SqliteCheckpointer],
      exports: [SqliteCheckpointer],
    };
  }
}
