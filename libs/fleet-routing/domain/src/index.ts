export * from './lib/fleet-domain-error';
export * from './lib/instance/routing-problem';
export * from './lib/instance/validate-problem';
export * from './lib/instance/screen-orders';
export * from './lib/instance/solomon-instance';
export * from './lib/solver/search-budget';
export * from './lib/solver/routing-plan';
export * from './lib/solver/solve-routing';
