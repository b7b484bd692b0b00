import type { PortfolioEntry, PortfolioKind } from '@baton/loan-underwriting-feature';
import { PORTFOLIO_KINDS } from '@baton/loan-underwriting-feature';
import { runIdOf, RunRecord } from './event-store-figures';
import type { SubmissionRecord } from './portfolio-run';

/** Where one application ended, from the event store (or the API's 400). */
export type ObservedPath =
  | 'rejected_malformed'
  | 'approved_by_scorecard'
  | 'declined_by_policy'
  | 'declined_by_scorecard'
  | 'referred_approved_by_underwriter'
  | 'referred_declined_by_underwriter'
  | 'expired'
  | 'other_decision'
  | 'failed'
  | 'undecided';

export const OBSERVED_PATHS: readonly ObservedPath[] = [
  'approved_by_scorecard',
  'declined_by_policy',
  'declined_by_scorecard',
  'referred_approved_by_underwriter',
  'referred_declined_by_underwriter',
  'expired',
  'other_decision',
  'rejected_malformed',
  'failed',
  'undecided',
];

export const PATH_LABELS: Readonly<Record<ObservedPath, string>> = {
  approved_by_scorecard: 'approved by the scorecard',
  declined_by_policy: 'declined by the compliance policy (before any model call)',
  declined_by_scorecard: 'declined by the scorecard',
  referred_approved_by_underwriter: 'referred, then approved by the underwriter',
  referred_declined_by_underwriter: 'referred, then declined by the underwriter',
  expired: 'referred, review expired',
  other_decision: 'other decision',
  rejected_malformed: 'rejected as malformed (400, nothing started)',
  failed: 'failed (run ended without a decision)',
  undecided: 'still undecided',
};

/** The path of a run from its recorded decision. */
export function pathOfRun(run: RunRecord | undefined): ObservedPath {
  if (!run) return 'undecided';
  if (!run.decision) return run.failed ? 'failed' : 'undecided';
  const { outcome, decidedBy } = run.decision;
  if (decidedBy === 'policy') return 'declined_by_policy';
  if (decidedBy === 'scorecard') return outcome === 'approved' ? 'approved_by_scorecard' : 'declined_by_scorecard';
  if (decidedBy === 'underwriter')
    return outcome === 'approved' ? 'referred_approved_by_underwriter' : 'referred_declined_by_underwriter';
  if (decidedBy === 'expiry') return 'expired';
  return 'other_decision';
}

/** Each entry of the portfolio with its submission and its run. */
export interface JoinedEntry {
  readonly entry: PortfolioEntry;
  readonly submission: SubmissionRecord;
  readonly run: RunRecord | undefined;
  readonly path: ObservedPath;
}

export function joinEntries(
  entries: readonly PortfolioEntry[],
  submissions: readonly SubmissionRecord[],
  runs: readonly RunRecord[],
  tenant: string,
): JoinedEntry[] {
  const byRun = new Map(runs.map((run) => [run.runId, run]));
  const byIndex = new Map(submissions.map((submission) => [submission.index, submission]));
  return entries.map((entry) => {
    const submission = byIndex.get(entry.index);
    if (!submission) throw new Error(`entry ${entry.index} was never submitted`);
    const run = submission.applicationId ? byRun.get(runIdOf(tenant, submission.applicationId)) : undefined;
    return { entry, submission, run, path: submission.httpStatus === 400 ? 'rejected_malformed' : pathOfRun(run) };
  });
}

export function countPaths(joined: readonly JoinedEntry[]): Record<ObservedPath, number> {
  const counts = Object.fromEntries(OBSERVED_PATHS.map((path) => [path, 0])) as Record<ObservedPath, number>;
  for (const { path } of joined) counts[path] += 1;
  return counts;
}

/** Whether an entry ended where the generator said it would. */
export function matchesExpectation({ entry, path, run }: JoinedEntry): boolean {
  const expected = entry.expected;
  switch (expected.path) {
    case 'rejected':
      return path === 'rejected_malformed';
    case 'policy':
      return (
        path === 'declined_by_policy' &&
        [...(run?.decision?.reasons ?? [])].sort().join() === [...expected.reasons].sort().join()
      );
    case 'referral':
      return path === 'referred_approved_by_underwriter' || path === 'referred_declined_by_underwriter';
    case 'scorecard':
      return path === (expected.outcome === 'approved' ? 'approved_by_scorecard' : 'declined_by_scorecard');
  }
}

/** Paths per kind of the portfolio: how each kind of submission fared. */
export function pathsByKind(joined: readonly JoinedEntry[]): Record<PortfolioKind, Record<ObservedPath, number>> {
  return Object.fromEntries(
    PORTFOLIO_KINDS.map((kind) => [kind, countPaths(joined.filter((item) => item.entry.kind === kind))]),
  ) as Record<PortfolioKind, Record<ObservedPath, number>>;
}
