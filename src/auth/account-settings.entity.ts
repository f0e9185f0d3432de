import { Column, Entity, PrimaryColumn } from 'typeorm';

export const LOCALES = ['en', 'zh-CN', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * Per-account settings and token state. Created on first need: an account without a row has the defaults.
 * `tokenVersion` is written into every access token; raising it refuses every token issued before.
 * `authStamp` rises with every change of the token state, so caches keep only the newest state.
 */
@Entity('account_settings')
export class AccountSettings {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 8, default: 'en' })
  locale!: Locale;

  /** IANA name; null means the time zone of each event. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  timezone!: string | null;

  @Column({ type: 'boolean', default: true })
  reminders!: boolean;

  @Column({ type: 'integer', default: 0 })
  tokenVersion!: number;

  @Column({ type: 'integer', default: 0 })
  authStamp!: number;
}
