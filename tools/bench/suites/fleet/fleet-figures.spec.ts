import { fleetTable, gapChart, gaps, type InstanceFigures, meetsTarget, totals } from './fleet-figures';

const row = (
  name: string,
  vehicles: number,
  distance: number,
  bestVehicles: number,
  bestDistance: number,
): InstanceFigures => ({
  name,
  vehicles,
  distance,
  bestVehicles,
  bestDistance,
  seconds: 5,
  iterations: 1000,
});

describe('fleet-solver bench figures', () => {
  const b1 = row('B1', 15, 1700, 14, 1696.94);
  const rows = [row('A1', 10, 828.9368, 10, 828.94), b1];

  it('sums the instances and judges the target on the totals (best + 1 vehicle, within 2% distance)', () => {
    const total = totals(rows);
    expect({ vehicles: total.vehicles, bestVehicles: total.bestVehicles, seconds: total.seconds }).toEqual({
      vehicles: 25,
      bestVehicles: 24,
      seconds: 10,
    });
    expect(meetsTarget(total)).toBe(true);
    expect(meetsTarget({ ...total, vehicles: 26 })).toBe(false);
    expect(meetsTarget({ ...total, distance: total.bestDistance * 1.021 })).toBe(false);
    expect(gaps(b1)).toEqual({ vehicles: 1, distancePercent: 0.18 });
  });

  it('prints a row per instance and a bold total, with signed gaps and no negative zero', () => {
    const table = fleetTable(rows, totals(rows));
    expect(table).toContain('| A1 | 10 | 10 | +0 | 828.94 | 828.94 | +0.00% | 5.0 | 1000 |');
    expect(table).toContain('| B1 | 15 | 14 | +1 | 1700.00 | 1696.94 | +0.18% | 5.0 | 1000 |');
    expect(table).toContain('| **total** | 25 | 24 | +1 |');
    expect(gapChart(rows).split('\n')).toEqual(['A1   +0.00%  +0 veh |', 'B1   +0.18%  +1 veh |#']);
  });
});
