// The one list of the workspace's verticals: the tools (token, erase, audit, kpi, dlq, policy),
// the demo, the benches, the contracts export, `npm start` and the compose test read it. Each
// entry names its app (`apps/<dir>`), its libraries (`libs/<dir>/`) and its definition. The lint
// rules read the scopes from `verticals.json`, which lists the same verticals as data; a test
// keeps the two equal. The vertical generator appends to both.
import { loanVertical } from '@baton/loan-underwriting-feature';
import { RuntimeError, type Vertical } from '@baton/runtime';
import { triageVertical } from '@baton/patient-triage-feature';
import { fleetVertical } from '@baton/fleet-routing-feature';

/** One vertical of the workspace. */
export interface WorkspaceVertical {
  /** The name every tool takes (`--vertical loan`), its scope tag (`scope:loan`) and project prefix. */
  readonly short: string;
  /** `apps/<dir>` and `libs/<dir>/`. */
  readonly dir: string;
  readonly vertical: Vertical;
}

export const verticals: readonly WorkspaceVertical[] = [
  { short: 'loan', dir: 'loan-underwriting', vertical: loanVertical },
  { short: 'triage', dir: 'patient-triage', vertical: triageVertical },
  { short: 'fleet', dir: 'fleet-routing', vertical: fleetVertical },
];

/**
 * The vertical a tool was pointed at: the one named, or the only one when none is named. Naming
 * none when there are several, or one that does not exist, is an error that lists them.
 *
 * @example const { vertical } = resolveVertical(flags.vertical);
 */
export function resolveVertical(
  name: string | undefined,
  list: readonly WorkspaceVertical[] = verticals,
): WorkspaceVertical {
  const names = list.map((entry) => entry.short).join(', ');
  if (name === undefined || name === '') {
    if (list.length === 1) return list[0] as WorkspaceVertical;
    throw new RuntimeError('UNKNOWN_VERTICAL', `name one with --vertical <name>: ${names}`);
  }
  const found = list.find((entry) => entry.short === name);
  if (!found) throw new RuntimeError('UNKNOWN_VERTICAL', `no vertical "${name}"; the verticals are: ${names}`);
  return found;
}
