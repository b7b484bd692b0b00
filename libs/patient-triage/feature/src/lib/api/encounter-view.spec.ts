import type { RunView } from '@baton/orchestration';
import { BoardEntry, EncounterView } from '@baton/patient-triage-contracts';
import { ABDOMEN, encounterOf } from '../../../fixtures/encounters';
import { initialTriageState, type TriageState } from '../workflow/triage-state';
import { boardEntry, byUrgency, encounterFields, encounterView } from './encounter-view';

const encounter = encounterOf({ ...ABDOMEN, complaint: 'abdominal pain, ask for my wife' });
const state: TriageState = {
  ...initialTriageState({ subjectId: 'subj-0123456789abcdef', receivedAt: '2026-12-08T10:00:00.000Z', encounter }),
  patient: {
    ageBand: '40 to 64 years',
    sex: 'female',
    arrivalMode: 'walk-in',
    vitals: encounter.vitals,
    pain: 5,
    pregnancy: 'unknown',
  },
  scrubbed: { chiefComplaint: 'abdominal pain, ask for [NAME-1]', history: '' },
};
const runOf = (over: Partial<TriageState> = {}): RunView =>
  ({
    runId: 'run-1',
    workflowId: 'triage.assess',
    tenantId: 'acme',
    correlationId: 'enc_1',
    status: 'running',
    state: { ...state, ...over },
    history: [],
    failure: null,
    updatedAt: '2026-12-08T10:00:01.000Z',
  }) as unknown as RunView;

describe('the encounter as each role may see it', () => {
  it('shows a clinician the registration and the complaint as written, and the view says so', () => {
    const view = EncounterView.parse(encounterView('enc_1', runOf(), 'clinician'));
    expect(view.patient).toEqual({
      view: 'identified',
      registration: encounter.registration,
      ageBand: '40 to 64 years',
      complaint: encounter.complaint,
    });
    expect(encounterFields(view)).toContain('registration');
  });

  it.each(['triage-nurse', 'auditor'])('shows a %s the age band and tokenised text, never identity', (role) => {
    const view = EncounterView.parse(encounterView('enc_1', runOf(), role));
    expect(view.patient).toEqual({
      view: 'pseudonymous',
      ageBand: '40 to 64 years',
      complaint: { chiefComplaint: 'abdominal pain, ask for [NAME-1]', history: '' },
    });
    const body = JSON.stringify(view);
    for (const identity of [
      encounter.registration.name.family,
      encounter.registration.mrn,
      encounter.registration.phone,
    ])
      expect(body).not.toContain(identity);
    expect(encounterFields(view)).not.toContain('registration');
  });

  it('shows a clinician no registration once the subject is erased', () => {
    const erased = runOf({ encounter: { ...encounter, registration: '[erased]' as never } });
    expect(encounterView('enc_1', erased, 'clinician').patient).toMatchObject({ registration: null });
  });
});

describe('the board', () => {
  const now = new Date('2026-12-08T10:30:00.000Z');
  const entry = (id: string, esi: 1 | 2 | 3 | 4 | 5 | null, receivedAt: string) =>
    BoardEntry.parse(
      boardEntry(
        id,
        runOf({
          receivedAt,
          assignment: esi === null ? null : ({ esi } as TriageState['assignment']),
        }),
        'triage-nurse',
        now,
      ),
    );

  it('counts waiting time from receipt to the board’s clock', () => {
    expect(entry('enc_1', 3, '2026-12-08T10:00:00.000Z').waitingSeconds).toBe(1_800);
  });

  it('puts untriaged encounters first, then ESI, then arrival', () => {
    const entries = [
      entry('late-3', 3, '2026-12-08T10:20:00.000Z'),
      entry('early-3', 3, '2026-12-08T10:05:00.000Z'),
      entry('one', 1, '2026-12-08T10:25:00.000Z'),
      entry('new', null, '2026-12-08T10:29:00.000Z'),
      entry('five', 5, '2026-12-08T09:00:00.000Z'),
    ];
    expect(entries.sort(byUrgency).map((item) => item.id)).toEqual(['new', 'one', 'early-3', 'late-3', 'five']);
  });
});
