import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { DatabaseConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { SqliteCheckpointer } from './sqlite-checkpointer';

@Module({})
export class DatabaseModule {
  /**
   * The embedded SQLite default migrates itself at start; PostgreSQL is migrated by operators. With
   * WORKERS > 1 the primary migrated before forking (`migrate` false in the workers) and only one worker
   * runs the checkpointer; the others keep SQLite's own autocheckpoint, which the checkpointer leaves no work.
   */
  static forRoot(
    database: DatabaseConfig,
    role: { migrate: boolean; checkpoint: boolean } = { migrate: true, checkpoint: true },
  ): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions(database),
            migrationsRun: database.type === 'sqlite' && role.migrate,
          }),
        }),
      ],
      providers: [
        {
          provide: SqliteCheckpointer,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new SqliteCheckpointer(dataSource, role.checkpoint),
        },
      ],
      exports: [SqliteCheckpointer],
    };
  }
}
