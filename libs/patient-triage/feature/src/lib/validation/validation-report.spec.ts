import { esiAssessmentSchema, parseEncounter } from '@baton/patient-triage-contracts';
import { assessEsi, handbookNoteFor, triageInputOf } from '@baton/patient-triage-domain';
import { agreement, quadraticKappa } from './agreement-metrics';
import { evaluateTriage } from './evaluate-triage';
import { renderValidationReport } from './render-report';
import { rulesOnlyDecision } from './rules-only-decision';
import { VALIDATION_TAGS } from './validation-case';
import { TRIAGE_VALIDATION_SET } from './validation-set';

describe('the triage validation set', () => {
  it('holds at least 120 valid encounters with unique ids, and every tag at least twice', () => {
    expect(TRIAGE_VALIDATION_SET.length).toBeGreaterThanOrEqual(120);
    expect(new Set(TRIAGE_VALIDATION_SET.map((item) => item.id)).size).toBe(TRIAGE_VALIDATION_SET.length);
    for (const item of TRIAGE_VALIDATION_SET) {
      const parsed = parseEncounter(item.encounter);
      expect({ id: item.id, ok: parsed.ok }).toEqual({ id: item.id, ok: true });
      // The rules' answer keeps its own contract, as part 2 will publish it.
      const assessment = esiAssessmentSchema.safeParse(assessEsi(triageInputOf(item.encounter)));
      expect({ id: item.id, ok: assessment.success }).toEqual({ id: item.id, ok: true });
    }
    for (const tag of VALIDATION_TAGS) {
      const count = TRIAGE_VALIDATION_SET.filter((item) => item.tags.includes(tag)).length;
      expect({ tag, atLeastTwo: count >= 2 }).toEqual({ tag, atLeastTwo: true });
    }
  });

  it('rules alone: prints the report and never triages a labelled ESI 1 or 2 case as 3-5', async () => {
    const report = await evaluateTriage(TRIAGE_VALIDATION_SET, rulesOnlyDecision, 'rules only');
    console.log(renderValidationReport(report));
    expect(report.criticalUnderTriage.map((result) => result.id)).toEqual([]);
    const withoutNote = report.results.filter((result) => !handbookNoteFor(result.rule ?? ''));
    expect(withoutNote.map((result) => result.rule)).toEqual([]);
  });
});

describe('agreement figures', () => {
  it('computes exact agreement, over- and under-triage and the confusion matrix', () => {
    const figures = agreement([
      { label: 1, assigned: 1 },
      { label: 2, assigned: 1 },
      { label: 3, assigned: 4 },
      { label: 5, assigned: 5 },
    ]);
    expect(figures).toMatchObject({ cases: 4, exact: 0.5, overTriage: 0.25, underTriage: 0.25 });
    expect(figures.confusion[1]).toEqual([1, 0, 0, 0, 0]);
    expect(figures.confusion[2]).toEqual([0, 0, 0, 1, 0]);
  });

  it('gives quadratic weighted kappa 1 for perfect agreement and the textbook value for a worked example', () => {
    const diagonal = [1, 2, 3, 4, 5].map((level) => [1, 2, 3, 4, 5].map((other) => (level === other ? 3 : 0)));
    expect(quadraticKappa(diagonal)).toBe(1);
    // [[2,1,0],[0,2,1],[0,0,3]], weights (i-j)^2/4: by hand, weighted observed 0.5, weighted expected 3.
    expect(
      quadraticKappa([
        [2, 1, 0],
        [0, 2, 1],
        [0, 0, 3],
      ]),
    ).toBeCloseTo(1 - 0.5 / 3, 10);
  });
});
