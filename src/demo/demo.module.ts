import { Module } from '@nestjs/common';

import { DemoSeeder } from './demo-seeder';

/** The SiLKS demo, loaded into an empty database at start unless SEED_DEMO=false. */
@Module({
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
