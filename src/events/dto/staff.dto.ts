import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

import { STAFF_ROLES, StaffRole } from '../event-staff.entity';

export class GrantStaffDto {
  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES)
  role!: StaffRole;
}

export class StaffMemberResponseDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: STAFF_ROLES }) role!: StaffRole;
}

export class StaffListResponseDto {
  @ApiProperty({ type: [StaffMemberResponseDto] }) items!: StaffMemberResponseDto[];
}
