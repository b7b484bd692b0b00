import { DispositionRequest, OverrideRequest } from './clinician-actions';
import { ClinicianDisposition, ClinicianOverride } from './triage-messages';

describe("the clinicians' actions", () => {
  it('takes an override with a level, a reason code from the closed list and a note', () => {
    expect(OverrideRequest.parse({ esi: 2, reasonCode: 'PATIENT_APPEARANCE', note: 'looks grey' }).esi).toBe(2);
    expect(OverrideRequest.safeParse({ esi: 2, reasonCode: 'FELT_LIKE_IT', note: 'x' }).success).toBe(false);
    expect(OverrideRequest.safeParse({ esi: 2, reasonCode: 'PATIENT_APPEARANCE', note: '' }).success).toBe(false);
    expect(
      OverrideRequest.safeParse({
        esi: 4,
        reasonCode: 'NEW_HISTORY',
        note: 'x',
        secondReasonCode: 'PATIENT_APPEARANCE',
      }).success,
    ).toBe(false);
  });

  it('takes the three dispositions of issue 24 from the API, and nothing else', () => {
    for (const disposition of ['roomed', 'left-without-being-seen', 'discharged'])
      expect(DispositionRequest.safeParse({ disposition }).success).toBe(true);
    expect(DispositionRequest.safeParse({ disposition: 'admitted' }).success).toBe(false);
  });

  it('still parses the signals recorded before the API (no reason codes, part 2 dispositions)', () => {
    expect(ClinicianOverride.parse({ esi: 3, clinicianId: 'rn-1', reason: 'looks unwell' })).toEqual({
      esi: 3,
      clinicianId: 'rn-1',
      reason: 'looks unwell',
    });
    expect(ClinicianDisposition.parse({ disposition: 'admitted', clinicianId: 'dr-1' }).disposition).toBe('admitted');
    expect(ClinicianDisposition.parse({ disposition: 'transferred', clinicianId: 'dr-1' }).disposition).toBe(
      'transferred',
    );
  });

  it('records the reason codes and the subject the note is sealed under', () => {
    const override = ClinicianOverride.parse({
      esi: 4,
      clinicianId: 'clinician@acme',
      reason: 'repeat vitals normal',
      reasonCode: 'VITALS_RECHECKED',
      secondReasonCode: 'VITAL_ARTEFACT',
      subjectId: 'subj-0a1b2c3d',
    });
    expect(override).toMatchObject({ reasonCode: 'VITALS_RECHECKED', secondReasonCode: 'VITAL_ARTEFACT' });
    expect(ClinicianOverride.safeParse({ ...override, subjectId: 'MRN-1' }).success).toBe(false);
  });
});
