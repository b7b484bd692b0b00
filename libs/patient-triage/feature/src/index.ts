export * from './lib/validation/validation-case';
export * from './lib/validation/validation-set';
export * from './lib/validation/agreement-metrics';
export * from './lib/validation/evaluate-triage';
export * from './lib/validation/rules-only-decision';
export * from './lib/validation/render-report';
