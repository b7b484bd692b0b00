import { uniqueSuiteName } from './suite-name';

describe('uniqueSuiteName', () => {
  it('makes a safe identifier from any suite name', () => {
    expect(uniqueSuiteName('Outbox relay: SIGKILL mid-batch!')).toMatch(/^outbox_relay_sigkill_mid_bat_[0-9a-f]{8}$/);
    expect(uniqueSuiteName('***')).toMatch(/^suite_[0-9a-f]{8}$/);
  });

  it('is unique per call and fits a Postgres identifier', () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueSuiteName('same suite')));
    expect(names.size).toBe(100);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(63);
  });
});
