/** @jest-environment jsdom */
import { missingLanguages } from './translations-section';

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
