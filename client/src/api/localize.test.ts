import { localizeContent, matchTranslation } from './localize';

describe('localizeContent', () => {
  const update = {
    id: 's1',
    title: 'Opening ceremony',
    abstract: 'Welcome',
    lang: 'en',
    translations: { zh: { title: '开幕式' }, ru: { title: 'Церемония открытия', abstract: 'Приветствие' } },
    room: { id: 'r1', name: 'Main Hall', lang: 'en', translations: { zh: { name: '主会场' } } },
    track: null,
    participants: [
      {
        speakerId: 'p1',
        name: 'Tao Pingsheng',
        lang: 'en',
        translations: { zh: { name: '陶平生' } },
        organization: {
          id: 'o1',
          name: 'DRC',
          lang: null,
          translations: { 'zh-Hans': { name: '国务院发展研究中心' } },
        },
      },
    ],
  };

  it('should put the UI language over the originals on every nested resource and drop translations', () => {
    expect(localizeContent(update, 'zh-CN')).toEqual({
      id: 's1',
      title: '开幕式',
      abstract: 'Welcome',
      lang: 'zh',
      room: { id: 'r1', name: '主会场', lang: 'zh' },
      track: null,
      participants: [
        {
          speakerId: 'p1',
          name: '陶平生',
          lang: 'zh',
          organization: { id: 'o1', name: '国务院发展研究中心', lang: 'zh-Hans' },
        },
      ],
    });
  });

  it('should keep the originals where a language has no translation', () => {
    const ru = localizeContent(update, 'ru');
    expect(ru).toMatchObject({ title: 'Церемония открытия', abstract: 'Приветствие', lang: 'ru' });
    expect(ru.room).toEqual({ id: 'r1', name: 'Main Hall', lang: 'en' });
    expect(localizeContent(update, 'en')).toMatchObject({ title: 'Opening ceremony', lang: 'en' });
    expect(update.translations.zh.title).toBe('开幕式');
  });

  it('should match a UI locale to a tag of the same language', () => {
    expect(matchTranslation('zh-CN', ['ru', 'zh'])).toBe('zh');
    expect(matchTranslation('ru', ['ru-RU'])).toBe('ru-RU');
    expect(matchTranslation('en', ['zh'])).toBeUndefined();
  });
});
