import type { AppContext } from '../app-context';
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
      case 'FORBIDDEN':
        return ctx.t('error.forbidden');
      case 'RATE_LIMITED':
        return ctx.t('error.rateLimited');
      default:
        return error.message;
    }
  }
  return errorMessage(ctx, error);
}
