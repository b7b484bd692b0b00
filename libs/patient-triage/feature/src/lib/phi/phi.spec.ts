// In memory: no seeded identifier reaches the model, an agent's command, an event or the view.
import { phiEncounter } from '../../../fixtures/phi-encounters';
import { inMemoryTriage } from '../../../fixtures/in-memory-triage';
import type { TriageState } from '../workflow/triage-state';
import { modelAgeBand, scrubComplaint } from './encounter-phi';
import { redactpiiDetector } from './redactpii-detector';

describe('PHI before the model', () => {
  it("scrubs the registration's identifiers and shaped ones from both fields, with tokens that map back", () => {
    const { encounter, secrets } = phiEncounter(1);
    const scrubbed = scrubComplaint(encounter);
    const text = `${scrubbed.chiefComplaint}\n${scrubbed.history}`;
    for (const secret of secrets) expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    expect(text).toContain('abdominal pain and vomiting');
    expect(Object.values(scrubbed.tokens)).toEqual(expect.arrayContaining([encounter.registration.mrn]));
  });

  it('gives the model an age band, never an exact age', () => {
    expect(modelAgeBand({ years: 41, days: null })).toBe('40 to 64 years');
    expect(modelAgeBand({ years: 0, days: 45 })).toBe('under 3 months');
  });

  it('keeps 20 seeded encounters out of every prompt, command and event, and still triages them', async () => {
    const triage = await inMemoryTriage();
    const seeded = Array.from({ length: 20 }, (_, index) => phiEncounter(index));
    const runs = [];
    for (const { encounter } of seeded) runs.push(await triage.submit(encounter));
    const outside = JSON.stringify([triage.modelSaw, triage.env.commands, triage.env.events]);
    for (const secret of seeded.flatMap((item) => item.secrets))
      expect({ secret, found: outside.includes(secret) }).toEqual({ secret, found: false });
    for (const runId of runs)
      expect(((await triage.env.get(runId)).state as TriageState).assignment).toMatchObject({ floor: 3 });
    expect(triage.modelSaw).toHaveLength(20);
  });
});

describe('the @redactpii/node detector', () => {
  it('finds what the package would redact, as substrings the pseudonymiser can token', () => {
    expect(redactpiiDetector('Dear John Smith, the card 4111 1111 1111 1111 was found')).toEqual(
      expect.arrayContaining([expect.objectContaining({ value: '4111 1111 1111 1111' })]),
    );
    expect(redactpiiDetector('chest pain, BP 120/80, HR 130')).toEqual([]);
  });
});
