import { MAX_WORDS, wordCloud, wordsOf } from './word-cloud';

describe('wordCloud', () => {
  it('should split Chinese without spaces and fold case in every script', () => {
    expect(wordsOf('供应链的韧性')).toEqual(['供应', '链', '韧性']);
    expect(wordsOf('Supply CHAINS')).toEqual(['supply', 'chains']);
    expect(wordsOf('ЦЕПОЧКИ Поставок')).toEqual(['цепочки', 'поставок']);
  });

  it('should drop stop words of English, Chinese and Russian, numbers and single letters', () => {
    expect(wordsOf('the trust of a nation')).toEqual(['trust', 'nation']);
    expect(wordsOf('我们的 合作')).toEqual(['合作']);
    expect(wordsOf('и доверие это 2020 x')).toEqual(['доверие']);
  });

  it('should count a word once per answer and keep the most frequent, bounded', () => {
    const answers = [
      'trade trade trade',
      'trade',
      'energy',
      ...Array.from({ length: 200 }, (_, i) => `word${i}x`),
    ];
    const cloud = wordCloud(answers);
    expect(cloud[0]).toEqual({ word: 'trade', count: 2 });
    expect(cloud).toHaveLength(MAX_WORDS);
  });
});
