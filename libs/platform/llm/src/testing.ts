// Test doubles of the model gateway's providers: not for production code.
export * from './lib/testing/obedient-rule';
