import { isLanguageTag, matchLanguage, parseAcceptLanguage } from './language-tags';

describe('language tags', () => {
  it('should order Accept-Language entries by q-value and drop q=0, wildcards and junk', () => {
    expect(parseAcceptLanguage('en;q=0.5, ru, zh-CN;q=0.9, *;q=0.1, fr;q=0, ???')).toEqual([
      'ru',
      'zh-CN',
      'en',
    ]);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
  });

  it('should match zh-CN to zh, zh to zh-Hans, and ignore case', () => {
    expect(matchLanguage(['zh-CN'], ['en', 'zh'])).toBe('zh');
    expect(matchLanguage(['zh'], ['en', 'zh-Hans'])).toBe('zh-Hans');
    expect(matchLanguage(['RU'], ['en', 'ru'])).toBe('ru');
    expect(matchLanguage(['de', 'ru'], ['en', 'ru'])).toBe('ru');
    expect(matchLanguage(['de'], ['en', 'ru'])).toBeUndefined();
  });

  it('should accept well-formed tags only', () => {
    expect(isLanguageTag('zh-Hans-CN')).toBe(true);
    expect(isLanguageTag('x')).toBe(false);
    expect(isLanguageTag('en_US')).toBe(false);
  });
});
