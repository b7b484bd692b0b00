import fc from 'fast-check';
import { getEncoding } from 'js-tiktoken';
import { countTokens } from './token-counter';

const reference = getEncoding('cl100k_base');

describe('countTokens', () => {
  it('counts as js-tiktoken encodes, text by text', () => {
    expect(countTokens('hello world')).toBe(2);
    for (const text of [
      '',
      '   leading and trailing   ',
      'line one\n\n  line two\r\n',
      "it's they're we'll I'D",
      '12345678 3.14159 -0.5e10',
      '{"applicant":{"annualIncome":85000,"employmentStatus":"employed"}}',
      'naïve café — 東京 🚀',
    ]) {
      expect(countTokens(text)).toBe(reference.encode(text).length);
    }
  });

  it('gives the same count as a whole encode for any text, including repeated ones (memoized pieces)', () => {
    const alphabet = fc.constantFrom(
      'a',
      'b',
      'Z',
      ' ',
      '  ',
      '\n',
      '\r\n',
      '\t',
      '1',
      '23',
      '456',
      "'s",
      "'LL",
      '"',
      '{',
      '}',
      ':',
      ',',
      '.',
      '-',
      'é',
      '東',
      '🚀',
      '_',
      'key',
    );
    const text = fc.array(alphabet, { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(text, fc.json({ maxDepth: 3 }), fc.string({ unit: 'binary', maxLength: 40 })), (sample) => {
        expect(countTokens(sample)).toBe(reference.encode(sample).length);
        expect(countTokens(sample)).toBe(reference.encode(sample).length);
      }),
      { numRuns: 3_000, seed: 20261124 },
    );
  });

  it('refuses a special token as js-tiktoken does', () => {
    expect(() => countTokens('before <|endoftext|> after')).toThrow(/special token/);
  });
});
