/** @jest-environment jsdom */
import { missingLanguages } from './translations-section';
import { missingQuestionLanguages } from './translation-questions';

describe('missingLanguages', () => {
  it('should list the languages some original text still lacks', () => {
    const session = {
      id: 's1',
      title: 'Opening',
      abstract: 'Welcome',
      translations: { zh: { title: '开幕式', abstract: '欢迎' }, ru: { title: 'Открытие' } },
    };
    expect(missingLanguages(session, ['title', 'abstract'], ['zh', 'ru'])).toEqual(['ru']);
  });

  it('should not ask for translations of empty originals', () => {
    const room = { id: 'r1', name: 'Main Hall', abstract: null, translations: { zh: { name: '主会场' } } };
    expect(missingLanguages(room, ['name', 'abstract'], ['zh'])).toEqual([]);
    expect(missingLanguages({ id: 'r2', name: 'Hall' }, ['name'], ['zh', 'ru'])).toEqual(['zh', 'ru']);
  });
});

describe('missingQuestionLanguages', () => {
  it('should ask for the label and, for a choice question, every option', () => {
    const question = {
      key: 'track',
      label: 'Main interest',
      type: 'choice' as const,
      options: ['Trade', 'Climate'],
      translations: { zh: { label: '主要兴趣', options: ['贸易', '气候'] }, ru: { label: 'Интерес' } },
    };
    expect(missingQuestionLanguages(question, ['zh', 'ru'])).toEqual(['ru']);
    const text = {
      key: 'city',
      label: 'City',
      type: 'text' as const,
      translations: { zh: { label: '城市' } },
    };
    expect(missingQuestionLanguages(text, ['zh', 'ru'])).toEqual(['ru']);
  });
});
