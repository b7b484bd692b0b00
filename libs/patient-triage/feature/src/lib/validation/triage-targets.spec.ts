import { evaluateTriage } from './evaluate-triage';
import { missedTargets, renderFigureComparison } from './triage-targets';
import { TRIAGE_VALIDATION_SET } from './validation-set';

describe('targets and side-by-side figures', () => {
  it('names each missed target, and renders decisions side by side', async () => {
    const cases = TRIAGE_VALIDATION_SET.slice(0, 40);
    const perfect = await evaluateTriage(
      cases,
      (encounter) => ({
        level: cases.find((item) => item.encounter === encounter)?.esi ?? 3,
      }),
      'labels',
    );
    const alwaysThree = await evaluateTriage(cases, () => ({ level: 3 }), 'always 3');
    expect(missedTargets(perfect)).toEqual([]);
    expect(missedTargets(alwaysThree)).toEqual([
      expect.stringMatching(/^exact agreement/),
      expect.stringMatching(/^weighted kappa/),
      expect.stringMatching(/ESI 1-2 case\(s\) triaged 3-5$/),
    ]);
    const table = renderFigureComparison([perfect, alwaysThree]);
    expect(table.split('\n')[0]).toMatch(/labels\s+always 3$/);
    expect(table).toMatch(/exact agreement\s+100\.0%/);
  });
});
