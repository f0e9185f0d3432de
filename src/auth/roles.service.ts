import { Injectable } from '@nestjs/common';

export interface StaffRoleGrant {
  eventSlug: string;
  role: 'organizer' | 'moderator';
}

/** The user's staff roles, latest edition first. */
export type StaffRolesFinder = (userId: string) => Promise<StaffRoleGrant[]>;

/**
 * The staff roles `GET /auth/me` lists. Roles are granted per event, in the events feature above auth; it
 * provides the finder when its module starts, so auth need not import events.
 */
@Injectable()
export class RolesService {
  private finder: StaffRolesFinder = () => Promise.resolve([]);

  provide(finder: StaffRolesFinder): void {
    this.finder = finder;
  }

  rolesOf(userId: string): Promise<StaffRoleGrant[]> {
    return this.finder(userId);
  }
}
