/**
 * The word cloud of a text poll: answers split into words with `Intl.Segmenter` (which knows where words end
 * in Chinese and Japanese, written without spaces), case folded, stop words of English, Chinese and Russian
 * left out, counted. Bounded: at most MAX_WORDS words come out, and the segmentation of recent answers is
 * kept (MAX_REMEMBERED) so a results flush does not split every answer again.
 */
export const MAX_WORDS = 60;
const MAX_REMEMBERED = 20_000;

const STOP_WORDS = new Set(
  [
    // English
    'a an and are as at be been but by can could did do does for from had has have he her his how i if in',
    'into is it its just me my no not of on or our so than that the their them then there these they this',
    'to too up us very was we were what when where which who why will with would you your',
    // Russian
    'а без более бы был была были было быть в вам вас весь во вот все всё всех вы где да даже для до его',
    'ее её если есть еще ещё же за здесь и из или им их к как ко когда кто ли либо мне может мы на над не',
    'нет ни них но ну о об однако он она они оно от очень по под при с со так также такой там те тем то',
    'того тоже той только том ты у уже хотя чего чей чем что чтобы чье чья эта эти это я',
    // Chinese (single characters and common function words)
    '的 了 和 是 在 我 你 他 她 它 们 我们 你们 他们 这 那 这个 那个 有 也 就 都 而 及 与 或 一个 上 下 不 没有',
    '很 还 把 被 对 从 到 为 以 之 于 吗 呢 吧 啊 着 过 会 要 能 可以 什么 怎么 如何',
  ]
    .join(' ')
    .split(' '),
);

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
const remembered = new Map<string, string[]>();

/** The words of one answer, folded and without stop words (kept for the next flush). */
export function wordsOf(text: string): string[] {
  const known = remembered.get(text);
  if (known) {
    return known;
  }
  const words: string[] = [];
  for (const segment of segmenter.segment(text)) {
    if (!segment.isWordLike) {
      continue;
    }
    const word = segment.segment.toLocaleLowerCase().normalize('NFC');
    // Single Latin/Cyrillic letters and numbers say nothing in a cloud; single CJK characters may.
    if (
      STOP_WORDS.has(word) ||
      /^\p{N}+$/u.test(word) ||
      (word.length < 2 && !/\p{Script=Han}/u.test(word))
    ) {
      continue;
    }
    words.push(word.slice(0, 40));
  }
  if (remembered.size >= MAX_REMEMBERED) {
    remembered.clear();
  }
  remembered.set(text, words);
  return words;
}

/**
 * Adds one answer's words to `counts` (`sign` 1) or takes them out again (-1, a changed vote). A word counts
 * once per answer: one voter repeating a word does not make it bigger.
 */
export function countWords(counts: Map<string, number>, answer: string, sign: 1 | -1): void {
  for (const word of new Set(wordsOf(answer))) {
    const count = (counts.get(word) ?? 0) + sign;
    if (count > 0) {
      counts.set(word, count);
    } else {
      counts.delete(word);
    }
  }
}

/** The MAX_WORDS most frequent words of `counts`, most frequent first (ties in alphabetical order). */
export function topWords(counts: ReadonlyMap<string, number>): Array<{ word: string; count: number }> {
  return [...counts]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .slice(0, MAX_WORDS)
    .map(([word, count]) => ({ word, count }));
}

/** The word cloud of `answers`. */
export function wordCloud(answers: Iterable<string>): Array<{ word: string; count: number }> {
  const counts = new Map<string, number>();
  for (const answer of answers) {
    countWords(counts, answer, 1);
  }
  return topWords(counts);
}
