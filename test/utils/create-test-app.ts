import 'reflect-metadata';

import { Test } from '@nestjs/testing';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';

import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { logger } from '../../src/common/logging/json-logger';
import { AppConfig, loadConfig } from '../../src/config/app-config';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  /** http://127.0.0.1:<port> of the listening server. */
  url: string;
  http: TestAgent;
  close(): Promise<void>;
}

/**
 * The real AppModule and the same configureApp() as main.ts, listening on port 0, on a fresh in-memory
 * SQLite database migrated from scratch. Pass env overrides as the operator would set them.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  logger.setLevel(process.env.LOG_LEVEL ?? 'silent');
  const config = loadConfig({
    DATABASE_URL: 'sqlite::memory:',
    SEED_DEMO: 'false',
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  return { app, config, url, http: request.agent(url), close: () => app.close() };
}
