/**
 * The demo's public facts, shared by the seeder, the README and the tests. These accounts exist only in a
 * database the demo was loaded into (SEED_DEMO, on by default); never enable the demo on a public server.
 */

export const DEMO_EVENT_SLUG = 'silks-2020';

/** One documented password for every demo account. */
export const DEMO_PASSWORD = 'plenary-demo-2020';

export interface DemoAccount {
  email: string;
  name: string;
}

export const DEMO_ORGANIZER: DemoAccount = { email: 'organizer@silks.example', name: 'SiLKS Secretariat' };

/** Also the speaker profile "Li Wen", who moderates the demo's panels. */
export const DEMO_MODERATOR: DemoAccount = { email: 'moderator@silks.example', name: 'Li Wen' };

export const DEMO_ATTENDEES: readonly DemoAccount[] = [
  { email: 'attendee1@silks.example', name: 'Aigerim Bekova' },
  { email: 'attendee2@silks.example', name: 'Daniel Mwangi' },
];

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [DEMO_ORGANIZER, DEMO_MODERATOR, ...DEMO_ATTENDEES];
