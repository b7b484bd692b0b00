import { DeterministicRules, JsonObject } from '@baton/llm';
import { debtToIncome, deterministicRiskAssessment } from '@baton/loan-underwriting-domain';
import { loanRiskOutput } from '../prompts/loan-risk.prompt';

/** The deterministic model's rules for the vertical: risk features from the redacted application and findings. */
export function loanDeterministicRules(onInput?: (data: JsonObject) => void): DeterministicRules {
  return new DeterministicRules().register(loanRiskOutput.name, (data) => {
    onInput?.(data);
    const application = (data['application'] ?? {}) as {
      applicant?: Record<string, unknown>;
      loan?: Record<string, unknown>;
    };
    const findings = (data['findings'] ?? {}) as Record<string, unknown>;
    const applicant = application.applicant ?? {};
    const loan = application.loan ?? {};
    return deterministicRiskAssessment({
      employmentStatus: applicant['employmentStatus'] as never,
      purpose: loan['purpose'] as never,
      termMonths: Number(loan['termMonths'] ?? 36),
      dti: Number(
        findings['debtToIncome'] ??
          debtToIncome(Number(applicant['monthlyDebt'] ?? 0), Number(applicant['annualIncome'] ?? 0)),
      ),
      verifiedAnnualIncome: Number(findings['verifiedAnnualIncome'] ?? 0),
      statedAnnualIncome: Number(applicant['annualIncome'] ?? 0),
    });
  });
}
