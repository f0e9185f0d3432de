import 'reflect-metadata';

import cluster from 'node:cluster';

import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';

import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { runPrimary } from './cluster-primary';
import { attachToPrimary, holdConnectionsUntilReady } from './cluster-worker';
import { installGracefulShutdown } from './common/lifecycle/graceful-shutdown';
import { logger } from './common/logging/json-logger';
import { ConfigError, loadConfig } from './config/app-config';
import { assertSchemaCurrent, PendingMigrationsError } from './database/schema-check';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Plenary cannot start. ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  logger.setLevel(config.logLevel);
  if (config.workers > 1 && cluster.isPrimary) {
    await runPrimary(config);
    return;
  }
  holdConnectionsUntilReady();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger,
  });
  try {
    // Before anything reads a table (the demo loads on bootstrap): PostgreSQL is migrated by operators.
    await assertSchemaCurrent(app.get(DataSource));
  } catch (error) {
    if (error instanceof PendingMigrationsError) {
      logger.error('Plenary cannot start: migrations pending', { pending: error.pending });
      process.stderr.write(`Plenary cannot start. ${error.message}\n`);
      await app.close();
      process.exit(1);
    }
    throw error;
  }
  configureApp(app, config);
  installGracefulShutdown(app);
  if (config.workerSlot !== null) {
    await app.init();
    attachToPrimary(app);
    return;
  }
  await app.listen(config.port, config.host);
  logger.info('Plenary is listening', {
    url: `http://localhost:${config.port}`,
    database: config.database.type,
  });
}

bootstrap().catch((error: unknown) => {
  logger.error('Plenary failed to start', {
    error: error instanceof Error ? { message: error.message, stack: error.stack } : String(error),
  });
  process.exit(1);
});
