import { RegistrationField } from '../events/event.entity';
import { answerAsText, answerMatches, validateAnswers } from './registration-answers';

const fields: RegistrationField[] = [
  { key: 'country', label: 'Country', type: 'text', required: true },
  { key: 'role', label: 'Role', type: 'choice', options: ['A', 'B'], required: false },
  { key: 'topics', label: 'Topics', type: 'multi', options: ['x', 'y'], required: true },
  { key: 'consent', label: 'Consent', type: 'checkbox', required: true },
  { key: 'newsletter', label: 'Newsletter', type: 'checkbox', required: false },
];

describe('validateAnswers', () => {
  it('should accept and normalise valid answers, dropping empty optional ones', () => {
    const result = validateAnswers(fields, { country: ' Chile ', role: '', topics: ['y'], consent: true });
    expect(result.errors).toEqual({ 'answers.role': ['must be one of: A, B'] });
    const ok = validateAnswers(fields, {
      country: ' Chile ',
      topics: ['y'],
      consent: true,
      newsletter: false,
    });
    expect(ok).toEqual({
      errors: {},
      answers: { country: 'Chile', topics: ['y'], consent: true, newsletter: false },
    });
  });

  it('should report every problem keyed by answers.<key>', () => {
    const { errors } = validateAnswers(fields, {
      country: '   ',
      topics: ['x', 'x'],
      consent: false,
      shoe: 43,
    });
    expect(Object.keys(errors).sort()).toEqual([
      'answers.consent',
      'answers.country',
      'answers.shoe',
      'answers.topics',
    ]);
  });

  it('should refuse answers that are not an object and text over 2000 characters', () => {
    expect(validateAnswers(fields, 'China').errors).toEqual({
      answers: ['answers must be an object keyed by question key'],
    });
    const long = validateAnswers([fields[0]], { country: 'x'.repeat(2001) });
    expect(long.errors['answers.country']).toEqual(['must be at most 2000 characters']);
  });

  it('should treat missing answers as empty when the event has no required question', () => {
    expect(validateAnswers([fields[1]], undefined)).toEqual({ answers: {}, errors: {} });
  });
});

describe('answerMatches', () => {
  it('should compare text ignoring case, choices exactly, and look inside multiple choices', () => {
    expect(answerMatches(fields[0], 'China', 'china')).toBe(true);
    expect(answerMatches(fields[1], 'A', 'a')).toBe(false);
    expect(answerMatches(fields[2], ['x', 'y'], 'y')).toBe(true);
    expect(answerMatches(fields[4], undefined, 'false')).toBe(true);
    expect(answerMatches(fields[4], true, 'yes')).toBe(true);
    expect(answerAsText(['x', 'y'])).toBe('x; y');
  });
});
