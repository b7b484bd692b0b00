import { ClinicianDisposition, ClinicianOverride, TriageEhrRequested } from './triage-messages';

describe('the triage messages', () => {
  it('refuses an EHR command that names anything but a pseudonymous subject', () => {
    const result = TriageEhrRequested.payload.safeParse({ encounterId: 'enc-1', subjectRef: 'MRN-12345' });
    expect(result.success).toBe(false);
    expect(
      TriageEhrRequested.payload.safeParse({ encounterId: 'enc-1', subjectRef: 'subj-0a1b2c3d', mrn: 'x' }).success,
    ).toBe(false);
  });

  it("holds a clinician's override to a level and a reason, and a disposition to the known ones", () => {
    expect(ClinicianOverride.parse({ esi: 2, clinicianId: 'dr-1', reason: 'looks grey' }).esi).toBe(2);
    expect(ClinicianOverride.safeParse({ esi: 6, clinicianId: 'dr-1', reason: 'looks grey' }).success).toBe(false);
    expect(ClinicianDisposition.safeParse({ disposition: 'admitted', clinicianId: 'dr-1' }).success).toBe(true);
    expect(ClinicianDisposition.safeParse({ disposition: 'home', clinicianId: 'dr-1' }).success).toBe(false);
  });
});
