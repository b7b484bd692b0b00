import { extractFindings } from './extract-findings';
import { FINDING_CODES } from './finding-codes';
import { LEXICON_EN } from './lexicon-en';
import { LEXICON_ES } from './lexicon-es';

const present = (text: string) => [...extractFindings(text).present];

describe('extractFindings', () => {
  it.each([
    ['crushing chest pain for an hour', ['chest-pain']],
    ['CP radiating to the left arm', ['chest-pain']],
    ['SOB since this morning', ['shortness-of-breath']],
    ['Pt reports SI with a plan', ['suicidal-ideation']],
    ['brief LOC after the fall', ['loss-of-consciousness']],
    ['N/V x3 days', ['vomiting']],
    ['dolor de pecho desde hace una hora', ['chest-pain']],
    ['Dolor torácico opresivo', ['chest-pain']],
    ['me falta el aire', ['shortness-of-breath']],
    ['quiero quitarme la vida', ['suicidal-ideation']],
    ['seizures twice today', ['seizure']],
  ])('finds the complaint in %j', (text, expected) => {
    expect(present(text)).toEqual(expected);
  });

  it('reads negation in either language and keeps it inside its clause', () => {
    expect(extractFindings('denies chest pain').negated.has('chest-pain')).toBe(true);
    expect(extractFindings('denies chest pain').present.size).toBe(0);
    expect(extractFindings('Denies CP, SOB or fever').negated).toEqual(
      new Set(['chest-pain', 'shortness-of-breath', 'fever']),
    );
    expect(present('no fever but chest pain since noon')).toEqual(['chest-pain']);
    expect(present('No fever. Chest pain since noon')).toEqual(['chest-pain']);
    expect(extractFindings('niega dolor de pecho').negated.has('chest-pain')).toBe(true);
    expect(present('sin fiebre, pero con dolor abdominal')).toEqual(['abdominal-pain']);
  });

  it('does not let words of one finding negate the next ("not feeling well")', () => {
    expect(present('not feeling well, chest pain since noon')).toEqual(['chest-pain', 'tiredness']);
  });

  it('reads history cues within a comma segment only', () => {
    const found = extractFindings('history of asthma, now chest pain');
    expect([...found.historical]).toEqual(['asthma']);
    expect([...found.present]).toEqual(['chest-pain']);
    expect(present('74-year-old with chest pain for the past two hours')).toEqual(['chest-pain']);
  });

  it('matches abbreviations only in capitals, and not in a shouted text', () => {
    expect(present('si, tengo tos')).toEqual(['cough']);
    expect(present('I sob when I think of it, sore throat')).toEqual(['sore-throat']);
    expect(present('SORE THROAT SI')).toEqual(['sore-throat']);
  });

  it('reports a text with no known complaint as not understood, never guessed', () => {
    const unknown = extractFindings('Tengo un problema con mi pierna izquierda desde ayer zzz');
    expect(unknown.understood).toBe(false);
    expect(extractFindings('đau ngực').understood).toBe(false);
    expect(extractFindings('pregnant').understood).toBe(false);
    expect(extractFindings('chest pain').languages).toEqual(['en']);
  });

  it('counts the clauses it could not read, so a half-understood text says so', () => {
    expect(extractFindings('Twisted ankle. My chest feels funny').unreadClauses).toBe(1);
    expect(extractFindings('Twisted ankle, no LOC').unreadClauses).toBe(0);
  });

  it('has terms for every finding in every language, each matching its own finding', () => {
    for (const [language, lexicon] of [
      ['en', LEXICON_EN],
      ['es', LEXICON_ES],
    ] as const) {
      for (const code of FINDING_CODES) {
        expect({ language, code, terms: lexicon[code].length > 0 }).toEqual({ language, code, terms: true });
        for (const term of lexicon[code]) {
          const found = extractFindings(term);
          expect({ term, found: found.present.has(code) || found.negated.has(code) }).toEqual({ term, found: true });
        }
      }
    }
  });
});
