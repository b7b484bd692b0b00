import { Pseudonymiser } from './pseudonymiser';

describe('Pseudonymiser', () => {
  it("replaces the subject's known identifiers wherever they occur, whole name first, with stable tokens", () => {
    const p = new Pseudonymiser({
      known: [
        { kind: 'NAME', value: 'Ana Lopez' },
        { kind: 'NAME', value: 'Ana' },
        { kind: 'NAME', value: 'Lopez' },
        { kind: 'MRN', value: 'A-99812' },
      ],
    });
    const first = p.scrub('Ana Lopez (A-99812) fell; ANA says lopez family has MI');
    expect(first).toBe('[NAME-1] ([MRN-1]) fell; [NAME-3] says [NAME-2] family has MI');
    expect(p.scrub('ana again')).toBe('[NAME-3] again');
    expect(p.tokens['[NAME-1]']).toBe('Ana Lopez');
  });

  it('finds identifiers by shape and leaves clinical numbers alone', () => {
    const p = new Pseudonymiser();
    const text =
      'BP 120/80, HR 130, SpO2 88%, temp 38.5. Call 555-867-5309 or a.b@example.org. MRN 4471923. ' +
      'Born 03/04/1980, seen March 3, 2024 and 2024-01-02. Lives at 42 Elm Street. SSN 123-45-6789.';
    const scrubbed = p.scrub(text);
    expect(scrubbed).toContain('BP 120/80, HR 130, SpO2 88%, temp 38.5');
    for (const secret of [
      '555-867-5309',
      'a.b@example.org',
      '4471923',
      '03/04/1980',
      'March 3, 2024',
      '2024-01-02',
      '42 Elm Street',
      '123-45-6789',
    ])
      expect(scrubbed).not.toContain(secret);
    expect(Object.keys(p.tokens).sort()).toEqual(
      expect.arrayContaining(['[PHONE-1]', '[EMAIL-1]', '[MRN-1]', '[DATE-1]', '[ADDRESS-1]', '[SSN-1]']),
    );
  });

  it('runs extra detectors after the patterns, never rewriting a token', () => {
    const p = new Pseudonymiser({
      detectors: [(text) => (text.includes('Zed') ? [{ kind: 'NAME', value: 'Zed' }] : [])],
    });
    expect(p.scrub('Zed, zed@x.io')).toBe('[NAME-1], [EMAIL-1]');
  });
});
