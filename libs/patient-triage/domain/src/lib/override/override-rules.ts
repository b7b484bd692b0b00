import type { EsiLevel, OverrideRequest } from '@baton/patient-triage-contracts';

/** One field of an override the rules refuse: where, which rule, and why (an HTTP 400 names them). */
export interface OverrideRuleProblem {
  readonly field: 'secondReasonCode';
  readonly rule: 'required_below_floor' | 'only_below_floor';
  readonly message: string;
}

/**
 * What an override breaks of the floor rule: a level LESS urgent than the rules' floor (a higher
 * number) needs a second reason from `BELOW_FLOOR_REASON_CODES`; at or above the floor a second
 * reason is refused, so none is ever recorded where it means nothing. More urgent is always fine.
 *
 * @example
 * overrideRuleProblems(2, { esi: 3 }) // [{ field: 'secondReasonCode', rule: 'required_below_floor', ... }]
 * overrideRuleProblems(3, { esi: 2 }) // []
 */
export function overrideRuleProblems(
  floor: EsiLevel,
  override: Pick<OverrideRequest, 'esi' | 'secondReasonCode'>,
): OverrideRuleProblem[] {
  const belowFloor = override.esi > floor;
  if (belowFloor && override.secondReasonCode === undefined) {
    return [
      {
        field: 'secondReasonCode',
        rule: 'required_below_floor',
        message: `ESI ${override.esi} is less urgent than the rules' floor (ESI ${floor}): give a second reason from the below-floor list`,
      },
    ];
  }
  if (!belowFloor && override.secondReasonCode !== undefined) {
    return [
      {
        field: 'secondReasonCode',
        rule: 'only_below_floor',
        message: `ESI ${override.esi} is not below the rules' floor (ESI ${floor}): a second reason is only for levels below it`,
      },
    ];
  }
  return [];
}
