import { runPolicyTests } from '@baton/policy';
import { fleetVertical } from '../fleet.vertical';

describe("the vertical's policies", () => {
  it.each(fleetVertical.policies.map((document) => [document.id, document] as const))(
    '%s passes its table tests',
    async (_id, document) => {
      const results = await runPolicyTests(document);
      expect(results.length).toBeGreaterThan(0);
      expect(results.flatMap((result) => result.failures)).toEqual([]);
    },
  );
});
