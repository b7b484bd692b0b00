import type { Obligation, PolicyEffect, PolicyReason } from '@baton/contracts';
import type { PolicyDocument, PolicyRule } from '../document/policy-document';
import { mergeObligations } from './obligations';

/** What combining the fired rules of one policy comes to. */
export interface CombinedOutcome {
  readonly effect: PolicyEffect;
  readonly reasons: PolicyReason[];
  readonly obligations: Obligation[];
}

const PRECEDENCE: Record<'deny-overrides' | 'allow-overrides', readonly PolicyEffect[]> = {
  'deny-overrides': ['deny', 'review', 'allow'],
  'allow-overrides': ['allow', 'review', 'deny'],
};

/**
 * Combines the rules that fired (highest priority first) into one effect, its reasons and its
 * obligations. The reasons are those of the rules with the winning effect. A deny carries no
 * obligations; an allow carries the policy's default obligations and those of the allowing rules;
 * a review also carries those of the allow rules that fired, because a reviewer who approves
 * lets the intent proceed under them.
 *
 * @example const outcome = combineRules(document, fired); // { effect: 'deny', reasons: [...], obligations: [] }
 */
export function combineRules(document: PolicyDocument, fired: readonly PolicyRule[]): CombinedOutcome {
  if (fired.length === 0) return defaultOutcome(document);
  let deciding: readonly PolicyRule[];
  let effect: PolicyEffect;
  if (document.combining === 'first-applicable') {
    deciding = fired.slice(0, 1);
    effect = (deciding[0] as PolicyRule).effect;
  } else {
    effect = PRECEDENCE[document.combining].find((candidate) =>
      fired.some((rule) => rule.effect === candidate),
    ) as PolicyEffect;
    deciding = fired.filter((rule) => rule.effect === effect);
  }
  const reasons = deciding.map((rule) => ({ code: rule.reason.code, message: rule.reason.message, ruleId: rule.id }));
  if (effect === 'deny') return { effect, reasons, obligations: [] };
  const contributing =
    effect === 'review' && document.combining !== 'first-applicable'
      ? fired.filter((rule) => rule.effect !== 'deny')
      : deciding;
  return {
    effect,
    reasons,
    obligations: mergeObligations([document.defaultObligations, ...contributing.map((rule) => rule.obligations)]),
  };
}

function defaultOutcome(document: PolicyDocument): CombinedOutcome {
  const reason = document.defaultReason ?? {
    code: 'NO_RULE_MATCHED',
    message: `no rule of ${document.id}@${document.version} matched; its default effect is ${document.defaultEffect}`,
  };
  return {
    effect: document.defaultEffect,
    reasons: [{ ...reason, ruleId: null }],
    obligations: document.defaultEffect === 'deny' ? [] : mergeObligations([document.defaultObligations]),
  };
}
