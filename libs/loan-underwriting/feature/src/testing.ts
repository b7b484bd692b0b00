// Fixtures for other projects' tests of the loan vertical (the app's process tests, the demo's):
// applications whose outcomes follow from the seeded outside systems, and a decision collector.
export * from '../fixtures/applications';
export * from '../fixtures/decisions';
