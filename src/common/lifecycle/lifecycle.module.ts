import { Global, Module } from '@nestjs/common';

import { CommandDrain } from './command-drain';

@Global()
@Module({ providers: [CommandDrain], exports: [CommandDrain] })
export class LifecycleModule {}
