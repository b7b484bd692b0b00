export * from './lib/debt-to-income';
export * from './lib/age-on';
export * from './lib/licensed-jurisdictions';
export * from './lib/compliance-facts';
export * from './lib/reason-messages';
export * from './lib/scorecard/scorecard-points';
export * from './lib/scorecard/score-application';
export * from './lib/loan-domain-error';
