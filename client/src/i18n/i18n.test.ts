/** @jest-environment jsdom */
import { en } from './en';
import { formatDay, formatTime, localDateOf, offsetMinutes, toZonedLocal, zonedLocalToIso } from './format';
import {
  initialLocale,
  interpolate,
  loadCatalogue,
  loadTranslator,
  LOCALE_STORAGE_KEY,
  LOCALES,
  pickLocale,
  translator,
} from './i18n';
import { ru } from './ru';
import { zhCN } from './zh-cn';

describe('i18n', () => {
  it('should pick Chinese for any zh preference and English otherwise', () => {
    expect(pickLocale(['zh-CN', 'en'])).toBe('zh-CN');
    expect(pickLocale(['zh-TW'])).toBe('zh-CN');
    expect(pickLocale(['en-GB', 'zh'])).toBe('en');
    expect(pickLocale(['fr-FR'])).toBe('en');
  });

  it('should prefer the saved choice over the browser', () => {
    const storage = { getItem: (key: string) => (key === LOCALE_STORAGE_KEY ? 'zh-CN' : null) };
    expect(initialLocale(storage, ['en-US'])).toBe('zh-CN');
    expect(initialLocale({ getItem: () => 'xx' }, ['en-US'])).toBe('en');
  });

  it('should have every message in every language, none left empty or untranslated', async () => {
    const keys = Object.keys(en).sort();
    const locales = Object.keys(LOCALES) as (keyof typeof LOCALES)[];
    expect(locales).toEqual(['en', 'zh-CN', 'ru']);
    for (const messages of await Promise.all(locales.map(loadCatalogue))) {
      expect(Object.keys(messages).sort()).toEqual(keys);
      for (const value of Object.values(messages)) {
        expect(value.trim()).not.toBe('');
      }
    }
    const same = keys.filter((key) => zhCN[key as keyof typeof zhCN] === en[key as keyof typeof en]);
    expect(same.filter((key) => !['app.name', 'event.dates'].includes(key))).toEqual([]);
  });

  it('should keep the same placeholders in every translation', () => {
    // `{name}` and `{name, plural, …}` both use the parameter `name`.
    const placeholders = (text: string) => [...new Set(text.match(/\{\w+(?=[,}])/g) ?? [])].sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect([key, placeholders(zhCN[key])]).toEqual([key, placeholders(en[key])]);
      expect([key, placeholders(ru[key])]).toEqual([key, placeholders(en[key])]);
    }
  });

  it('should pick Russian for ru preferences and translate the Russian way', () => {
    expect(pickLocale(['ru-RU', 'en'])).toBe('ru');
    expect(pickLocale(['be', 'ru'])).toBe('ru');
    const same = Object.keys(en).filter((key) => ru[key as keyof typeof ru] === en[key as keyof typeof en]);
    expect(same.filter((key) => !['app.name', 'event.dates'].includes(key))).toEqual([]);
  });

  it("should choose Russian's one, few and many forms through Intl.PluralRules", () => {
    const t = translator('ru', ru);
    expect(t('qa.votes', { count: 1 })).toBe('1 голос');
    expect(t('qa.votes', { count: 3 })).toBe('3 голоса');
    expect(t('qa.votes', { count: 5 })).toBe('5 голосов');
    expect(t('qa.votes', { count: 21 })).toBe('21 голос');
    expect(t('agenda.count', { count: 12 })).toBe('12 сессий');
    expect(translator('en', en)('qa.votes', { count: 1 })).toBe('1 vote');
    expect(translator('en', en)('qa.votes', { count: 2 })).toBe('2 votes');
    expect(translator('zh-CN', zhCN)('qa.votes', { count: 2 })).toBe('2 票');
  });

  it("should write a poll's results in the singular for one vote and one voter", () => {
    const option = { text: 'Yes {a}', votes: 1, percent: 50 };
    expect(translator('en', en)('poll.optionResult', option)).toBe('Yes {a}: 1 vote (50%)');
    expect(translator('en', en)('poll.voters', { count: 1 })).toBe('1 voter');
    expect(translator('en', en)('poll.voters', { count: 2 })).toBe('2 voters');
    expect(translator('ru', ru)('poll.optionResult', { ...option, votes: 5 })).toBe(
      'Yes {a}: 5 голосов (50%)',
    );
    expect(translator('ru', ru)('poll.optionResult', { ...option, votes: 22 })).toBe(
      'Yes {a}: 22 голоса (50%)',
    );
  });

  it('should write numbers the locale way', () => {
    expect(translator('ru', ru)('session.presence', { count: 12345 })).toBe('12\u00a0345 зрителей');
    expect(translator('en', en)('agenda.count', { count: 1200 })).toBe('1,200 sessions');
  });

  it('should fetch a catalogue once, on demand, and translate with it', async () => {
    const first = loadCatalogue('ru');
    expect(loadCatalogue('ru')).toBe(first);
    expect(await first).toBe(ru);
    expect(await loadCatalogue('zh-CN')).toBe(zhCN);
    expect(await loadCatalogue('en')).toBe(en);
    expect((await loadTranslator('ru'))('qa.votes', { count: 3 })).toBe('3 голоса');
    expect((await loadTranslator('zh-CN'))('qa.votes', { count: 2 })).toBe('2 票');
  });

  it('should fall back to English for a key a catalogue lacks', () => {
    const partial = { ...zhCN } as Partial<typeof zhCN>;
    delete partial['qa.votes'];
    expect(translator('zh-CN', partial as typeof zhCN)('qa.votes', { count: 2 })).toBe('2 votes');
  });

  it('should interpolate parameters and leave unknown ones visible', () => {
    expect(interpolate('{count} of {max}', { count: 3, max: 500 })).toBe('3 of 500');
    expect(interpolate('{missing}', {})).toBe('{missing}');
    expect(translator('zh-CN', zhCN)('session.presence', { count: 12 })).toBe('12 人在线');
  });
});

describe('time formatting', () => {
  it('should convert event wall-clock time to an offset instant and back', () => {
    expect(zonedLocalToIso('2020-09-29T14:00', 'Asia/Shanghai')).toBe('2020-09-29T14:00:00+08:00');
    expect(zonedLocalToIso('2021-03-28T03:30', 'Europe/Berlin')).toBe('2021-03-28T03:30:00+02:00');
    expect(zonedLocalToIso('2020-11-01T01:30', 'America/Los_Angeles')).toMatch(
      /^2020-11-01T01:30:00-0[78]:00$/,
    );
    expect(toZonedLocal('2020-09-29T06:00:00Z', 'Asia/Shanghai')).toBe('2020-09-29T14:00');
    expect(offsetMinutes('Asia/Kolkata', Date.parse('2020-09-29T00:00:00Z'))).toBe(330);
  });

  it('should give the local date of an instant in a zone', () => {
    expect(localDateOf('2020-09-29T00:30:00Z', 'Asia/Shanghai')).toBe('2020-09-29');
    expect(localDateOf('2020-09-29T00:30:00Z', 'America/Los_Angeles')).toBe('2020-09-28');
  });

  it('should format days and times in the chosen locale', () => {
    expect(formatDay('2020-09-29', 'en')).toBe('Tuesday, September 29, 2020');
    expect(formatDay('2020-09-29', 'zh-CN')).toContain('2020年9月29日');
    expect(formatTime('2020-09-29T06:00:00Z', 'zh-CN', 'Asia/Shanghai')).toBe('14:00');
    expect(formatTime('2020-09-29T06:00:00Z', 'en', 'America/Los_Angeles')).toMatch(/^11:00\sPM$/);
  });
});
