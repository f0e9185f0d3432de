import 'reflect-metadata';

import { DataSource } from 'typeorm';

import { loadConfig } from './src/config/app-config';
import { dataSourceOptions } from './src/database/data-source-options';

/** The TypeORM CLI's data source (`npm run migration:run`, `migration:revert`, `migration:show`). */
export default new DataSource(dataSourceOptions(loadConfig(process.env).database));
