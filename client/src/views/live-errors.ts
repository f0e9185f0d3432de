import type { AppContext } from '../app-context';
import { localizeErrorCode } from '../i18n/error-messages';
import { RealtimeError } from '../realtime/realtime-client';
import { errorMessage } from './common';

/** A sentence for a failed live command, in the UI language where the code is known. */
export function liveErrorMessage(ctx: AppContext, error: unknown): string {
  if (error instanceof RealtimeError) {
    switch (error.code) {
      case 'TIMEOUT':
        return ctx.t('conn.reconnecting');
      case 'MUTED':
        return ctx.t('chat.muted');
      case 'QA_CLOSED':
        return ctx.t('qa.closed');
      case 'CHAT_CLOSED':
        return ctx.t('chat.closed');
      case 'BANNED':
        return ctx.t('session.banned');
      case 'NOT_REGISTERED':
        return ctx.t('session.registerToJoin');
      default:
        return localizeErrorCode(ctx.t, error.code, error.details);
    }
  }
  return errorMessage(ctx, error);
}
