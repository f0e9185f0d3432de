import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { DomainError } from '../common/errors/domain-error';
import { ApiErrors } from '../common/http/api-errors.decorator';

class HealthResponseDto {
  @ApiProperty({ example: 'ok' }) status!: 'ok';
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and database readiness (200 once the database answers)' })
  @ApiErrors(503)
  async check(): Promise<HealthResponseDto> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new DomainError('UNAVAILABLE', 'The database is not answering');
    }
    return { status: 'ok' };
  }
}
