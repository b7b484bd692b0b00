// The validation set through the whole `triage.assess` workflow in memory (rules, EHR agent,
// retrieval, gate, deterministic model, guard), beside the rules alone.
import { parseEncounter } from '@baton/patient-triage-contracts';
import { inMemoryTriage } from '../../../fixtures/in-memory-triage';
import type { TriageState } from '../workflow/triage-state';
import { evaluateTriage, type TriageDecision } from './evaluate-triage';
import { rulesOnlyDecision } from './rules-only-decision';
import { renderFigureComparison } from './triage-targets';
import { TRIAGE_VALIDATION_SET } from './validation-set';

describe('the validation set through the whole workflow', () => {
  it('reports the full decision beside the rules alone, and never triages a labelled ESI 1-2 case as 3-5', async () => {
    const triage = await inMemoryTriage();
    const decidedBy: string[] = [];
    const workflow: TriageDecision = async (encounter) => {
      const parsed = parseEncounter(encounter);
      if (!parsed.ok) throw parsed.error;
      const state = (await triage.env.get(await triage.submit(parsed.value))).state as TriageState;
      const assignment = state.assignment as NonNullable<TriageState['assignment']>;
      decidedBy.push(assignment.decidedBy);
      return {
        level: assignment.esi,
        rule: state.floor?.rule ?? undefined,
        needsNurseReview: state.floor?.needsNurseReview,
      };
    };
    const rules = await evaluateTriage(TRIAGE_VALIDATION_SET, rulesOnlyDecision, 'rules only');
    const full = await evaluateTriage(TRIAGE_VALIDATION_SET, workflow, 'full workflow');
    console.log(
      `${renderFigureComparison([rules, full])}\n` +
        `decided by the model: ${decidedBy.filter((by) => by === 'model').length}, ` +
        `by the rules: ${decidedBy.filter((by) => by === 'rules').length}`,
    );
    expect(full.results).toHaveLength(TRIAGE_VALIDATION_SET.length);
    expect(full.criticalUnderTriage.map((result) => result.id)).toEqual([]);
    // No automated answer is less urgent than the rules' floor.
    const floors = new Map(rules.results.map((result) => [result.id, result.assigned]));
    expect(full.results.filter((result) => result.assigned > (floors.get(result.id) ?? 0))).toEqual([]);
    expect(decidedBy.filter((by) => by === 'model').length).toBeGreaterThan(0);
  });
});
