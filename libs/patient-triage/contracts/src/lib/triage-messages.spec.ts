import { ClinicianAction, TriageEhrRequested } from './triage-messages';

describe('the triage messages', () => {
  it('refuses an EHR command that names anything but a pseudonymous subject', () => {
    const result = TriageEhrRequested.payload.safeParse({ encounterId: 'enc-1', subjectRef: 'MRN-12345' });
    expect(result.success).toBe(false);
    expect(
      TriageEhrRequested.payload.safeParse({ encounterId: 'enc-1', subjectRef: 'subj-0a1b2c3d', mrn: 'x' }).success,
    ).toBe(false);
  });

  it("tells a clinician's override from the disposition that closes the encounter", () => {
    expect(ClinicianAction.parse({ kind: 'override', esi: 2, clinicianId: 'dr-1', reason: 'looks grey' }).kind).toBe(
      'override',
    );
    expect(ClinicianAction.safeParse({ kind: 'disposition', disposition: 'home', clinicianId: 'dr-1' }).success).toBe(
      false,
    );
  });
});
