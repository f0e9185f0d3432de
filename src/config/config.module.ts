import { DynamicModule, Global, Inject, Module } from '@nestjs/common';

import { AppConfig, resolveJwtSecret } from './app-config';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const JWT_SECRET = Symbol('JWT_SECRET');

/** Injects the validated configuration: `@InjectConfig() config: AppConfig`. */
export const InjectConfig = (): ParameterDecorator => Inject(APP_CONFIG);

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: JWT_SECRET, useFactory: () => resolveJwtSecret(config) },
      ],
      exports: [APP_CONFIG, JWT_SECRET],
    };
  }
}
