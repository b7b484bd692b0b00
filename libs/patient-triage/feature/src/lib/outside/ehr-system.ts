import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject } from '@nestjs/common';
import type { EhrSummary } from '@baton/patient-triage-contracts';
import { TriageError } from '../errors';

/** The outside EHR the agent calls, by pseudonymous subject id. Replace the simulation with a client of the real one. */
export interface EhrSystem {
  lookup(subjectRef: string): Promise<Omit<EhrSummary, 'available'>>;
}

export const TRIAGE_EHR = Symbol('triage.ehr');
export const InjectEhr = () => Inject(TRIAGE_EHR);

export interface SimulatedEhrOptions {
  /** Answer time in ms (default 0), ± `jitter` (0-1) per subject. */
  readonly latencyMs?: number;
  readonly jitter?: number;
  /** Share of subjects (0-1) for whom the EHR is down, chosen by the seed; default 0. */
  readonly outageRate?: number;
}

const CONDITIONS = ['hypertension', 'diabetes', 'asthma', 'copd', 'heart-failure', 'ckd', 'afib', 'epilepsy'];
const ALLERGIES = ['penicillin', 'sulfa', 'latex', 'iodine-contrast', 'nsaids'];
const MEDICATIONS = ['metformin', 'lisinopril', 'warfarin', 'apixaban', 'salbutamol', 'insulin', 'levetiracetam'];

const pick = (bytes: Buffer, offset: number, from: readonly string[]) =>
  from.filter((_, index) => (bytes[(offset + index) % bytes.length] as number) % 5 === 0);

/**
 * The EHR, simulated: seeded records (conditions, allergies, medication, visits in the last 90
 * days), the same for a subject every time; a stated latency; and outages for a seeded share of
 * subjects (`EHR_UNAVAILABLE`). It knows subjects only by their pseudonymous id.
 *
 * @example await new SimulatedEhr(42, { latencyMs: 40 }).lookup('subj-0a1b2c3d') // { conditions: [...], ... }
 */
export class SimulatedEhr implements EhrSystem {
  constructor(
    private readonly seed: number,
    private readonly options: SimulatedEhrOptions = {},
  ) {}

  async lookup(subjectRef: string): Promise<Omit<EhrSummary, 'available'>> {
    const bytes = createHash('sha256').update(`${this.seed}:${subjectRef}`).digest();
    const latency = this.options.latencyMs ?? 0;
    const jitter = this.options.jitter ?? 0;
    const wait = Math.round(latency * (1 + jitter * ((bytes.readUInt16BE(30) / 65_535) * 2 - 1)));
    if (wait > 0) await sleep(wait);
    if (bytes.readUInt16BE(28) / 65_536 < (this.options.outageRate ?? 0))
      throw new TriageError('EHR_UNAVAILABLE', 'the EHR did not answer');
    return {
      conditions: pick(bytes, 0, CONDITIONS),
      allergies: pick(bytes, 8, ALLERGIES),
      medications: pick(bytes, 13, MEDICATIONS),
      priorVisits90d: (bytes[20] as number) % 4,
    };
  }
}
