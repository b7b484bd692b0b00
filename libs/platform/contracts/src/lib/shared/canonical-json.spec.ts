import fc from 'fast-check';
import { canonicalHash, canonicalJson } from './canonical-json';

describe('canonicalJson (RFC 8785), the one the platform hashes with', () => {
  it('sorts keys by UTF-16 code units and writes numbers as ECMAScript does (RFC 8785 examples)', () => {
    expect(canonicalJson({ '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '1': 'One', '\ud83d\ude00': 'Emoji' })).toBe(
      '{"\\r":"Carriage Return","1":"One","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji"}',
    );
    expect(canonicalJson([1e21, 0.1 + 0.2, -0, 333333333.3333333])).toBe(
      '[1e+21,0.30000000000000004,0,333333333.3333333]',
    );
    expect(canonicalJson({ b: undefined, a: [undefined, null] })).toBe('{"a":[null,null]}');
  });

  it('gives the same text and hash whatever the key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
        expect(canonicalHash(reversed)).toBe(canonicalHash(record));
        expect(JSON.parse(canonicalJson(record))).toEqual(JSON.parse(JSON.stringify(record)));
      }),
      { numRuns: 300, seed: 20261204 },
    );
  });

  it('refuses values with no JSON form instead of hashing something else', () => {
    for (const value of [Number.NaN, Infinity, 1n, () => 1, undefined])
      expect(() => canonicalJson(value)).toThrow(TypeError);
    expect(() => canonicalJson({ amount: Number.NaN })).toThrow(/no representation/);
  });

  it('hashes as lowercase hex SHA-256 of the canonical text', () => {
    expect(canonicalHash({ b: 2, a: 1 })).toBe('43258cff783fe7036d8a43033f830adfc60ec037382473548ac742b888292777');
  });
});
