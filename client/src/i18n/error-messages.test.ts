/** @jest-environment jsdom */
import type { ErrorCode } from '../../../src/common/errors/error-codes';
import { zhCN } from './zh-cn';
import { en } from './en';
import { errorCodeKey, localizeErrorCode, localizedErrorCodes } from './error-messages';
import { loadCatalogue, LOCALES, translator } from './i18n';

/** Compile-time: every server ErrorCode has a catalogue key (fails typecheck when a code is added without one). */
type MissingCodes = Exclude<`apiError.${ErrorCode}`, keyof typeof en>;
const noMissingCodes: [MissingCodes] extends [never] ? true : MissingCodes = true;

/** Runtime: the codes as written in the server's file (it imports @nestjs/common, so it is read, not imported). */
function serverErrorCodes(): string[] {
  const fs = jest.requireActual<{ readFileSync(path: string, encoding: string): string }>('fs');
  const text = fs.readFileSync('src/common/errors/error-codes.ts', 'utf8');
  const body = /httpStatusByCode\s*=\s*\{([\s\S]*?)\}\s*as const/.exec(text)?.[1] ?? '';
  return [...body.matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*:/gm)].map((match) => match[1] ?? '');
}

describe('server error messages', () => {
  it('should have a message for every ErrorCode in every catalogue', async () => {
    expect(noMissingCodes).toBe(true);
    const codes = serverErrorCodes();
    expect(codes.length).toBeGreaterThan(20);
    expect(codes).toContain('VALIDATION_FAILED');
    expect(codes).toContain('UNAVAILABLE');
    for (const locale of Object.keys(LOCALES) as (keyof typeof LOCALES)[]) {
      const messages = await loadCatalogue(locale);
      for (const code of codes) {
        const key = errorCodeKey(code);
        expect([locale, code, key]).toEqual([locale, code, `apiError.${code}`]);
        expect((messages as Record<string, string>)[`apiError.${code}`]?.trim()).toBeTruthy();
      }
    }
    expect(localizedErrorCodes()).toEqual(expect.arrayContaining(codes));
  });

  it('should give a zh-CN user Chinese text for a server code', () => {
    const t = translator('zh-CN', zhCN);
    expect(localizeErrorCode(t, 'SCHEDULE_CONFLICT')).toBe('与日程中的其他场次冲突。');
    expect(localizeErrorCode(t, 'EVENT_NOT_FOUND')).toMatch(/[\u4e00-\u9fff]/);
    expect(localizeErrorCode(translator('en', en), 'SCHEDULE_CONFLICT')).toBe(
      'This clashes with another session in the schedule.',
    );
  });

  it('should fall back to a generic localized message for an unknown code', () => {
    expect(localizeErrorCode(translator('zh-CN', zhCN), 'SOMETHING_NEW')).toBe('请求未能完成，请重试。');
    expect(localizeErrorCode(translator('en', en), 'HTTP_ERROR')).toBe(en['apiError.unknown']);
  });

  it('should say when to retry a rate-limited request', () => {
    expect(localizeErrorCode(translator('zh-CN', zhCN), 'RATE_LIMITED', { retryAfterMs: 2500 })).toBe(
      '请求过于频繁，请在 3 秒后重试。',
    );
    expect(localizeErrorCode(translator('en', en), 'RATE_LIMITED', { retryAfterMs: 10 })).toBe(
      'Too many requests. Please try again in 1 s.',
    );
    expect(localizeErrorCode(translator('en', en), 'RATE_LIMITED')).toBe(en['apiError.RATE_LIMITED']);
  });
});
