import { buildTopology, Topology } from '@baton/messaging';
import {
  CreditReportRequested,
  IncomeVerificationRequested,
  KycCheckRequested,
  LoanDecided,
  SanctionsScreenRequested,
} from '@baton/loan-underwriting-contracts';

/** The vertical's RabbitMQ topology: one quorum queue per agent command, the decision event, the continuation queue. */
export function loanTopology(namespace?: string): Topology {
  return buildTopology({
    vertical: 'loan',
    version: 1,
    ...(namespace ? { namespace } : {}),
    commands: [
      KycCheckRequested.type,
      SanctionsScreenRequested.type,
      CreditReportRequested.type,
      IncomeVerificationRequested.type,
    ],
    events: [LoanDecided.type],
  });
}
