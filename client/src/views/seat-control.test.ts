/** @jest-environment jsdom */
import { zhCN } from '../i18n/zh-cn';
import { en } from '../i18n/en';
import { ApiError } from '../api/http-client';
import type { AppContext } from '../app-context';
import { translator } from '../i18n/i18n';
import { RealtimeError } from '../realtime/realtime-client';
import { errorMessage } from './common';
import { liveErrorMessage } from './live-errors';
import { seatStatusText } from './seat-control';

describe('seat status and errors', () => {
  it('should describe a confirmed seat, a waitlist place and no seat in the UI language', () => {
    const zh = translator('zh-CN', zhCN);
    expect(seatStatusText(zh, { status: 'waitlisted', position: 3 }, 20)).toBe('您在候补名单第 3 位。');
    expect(seatStatusText(translator('en', en), { status: 'confirmed', taken: 5, capacity: 20 }, 20)).toBe(
      'Your seat is confirmed. 5 of 20 seats taken',
    );
    expect(seatStatusText(zh, { status: 'none' }, 20)).toBe('您在本场次没有座位。');
    expect(seatStatusText(zh, null, 20)).toBe('座位：20');
  });

  it('should show a REST error in Chinese for a zh-CN user instead of the server text', () => {
    const ctx = { t: translator('zh-CN', zhCN) } as unknown as AppContext;
    const error = new ApiError('REGISTRATION_CLOSED', 'Registration is closed', 409);
    expect(errorMessage(ctx, error)).toBe('报名已关闭。');
    expect(errorMessage(ctx, new ApiError('NETWORK', 'The server could not be reached', 0))).toMatch(/网络/);
  });

  it('should show a live ack error in Chinese for a zh-CN user', () => {
    const ctx = { t: translator('zh-CN', zhCN) } as unknown as AppContext;
    expect(liveErrorMessage(ctx, new RealtimeError('SESSION_NOT_JOINED', 'Join the session first'))).toBe(
      '您尚未连接到本场次，请刷新页面后加入。',
    );
    expect(
      liveErrorMessage(ctx, new RealtimeError('RATE_LIMITED', 'Slow down', { retryAfterMs: 4000 })),
    ).toBe('请求过于频繁，请在 4 秒后重试。');
  });
});
