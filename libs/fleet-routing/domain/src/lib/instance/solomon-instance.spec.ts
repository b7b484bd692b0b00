import { isFleetDomainError } from '../fleet-domain-error';
import { parseSolomonInstance, solomonProblem } from './solomon-instance';

const TINY = `TINY1

VEHICLE
NUMBER     CAPACITY
  2         50

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      0          0          0          0        100          0
    1      3          4         10          0         50          5
    7      6          8         20         10         60          5
`;

const errorOf = (text: string): unknown => {
  try {
    parseSolomonInstance(text);
    return null;
  } catch (error) {
    return error;
  }
};

describe("parseSolomonInstance, Solomon's text format", () => {
  it('reads the name, the fleet and the customer table with the depot first', () => {
    const instance = parseSolomonInstance(TINY);
    expect(instance).toEqual({
      name: 'TINY1',
      vehicles: 2,
      capacity: 50,
      depot: { id: 0, x: 0, y: 0, demand: 0, ready: 0, due: 100, service: 0 },
      customers: [
        { id: 1, x: 3, y: 4, demand: 10, ready: 0, due: 50, service: 5 },
        { id: 7, x: 6, y: 8, demand: 20, ready: 10, due: 60, service: 5 },
      ],
    });
  });

  it('makes a problem with Euclidean travel times, the file ids and identical vehicles at the depot', () => {
    const problem = solomonProblem(parseSolomonInstance(TINY));
    expect(problem.travelTime[0]).toEqual([0, 5, 10]);
    expect(problem.orders.map((order) => [order.id, order.location])).toEqual([
      ['1', 1],
      ['7', 2],
    ]);
    expect(problem.vehicles).toEqual([
      { id: 'vehicle-1', capacity: 50, start: 0, end: 0, shiftStart: 0, shiftEnd: 100 },
      { id: 'vehicle-2', capacity: 50, start: 0, end: 0, shiftStart: 0, shiftEnd: 100 },
    ]);
  });

  it.each([
    [
      'a word for a demand',
      TINY.replace('20         10', 'abc        10'),
      'line 12, field DEMAND: "abc" is not a number',
    ],
    ['a missing service time', TINY.replace('60          5', '60'), 'line 12, field SERVICE TIME: missing'],
    [
      'a capacity that is not a number',
      TINY.replace('2         50', '2         x'),
      'line 5, field CAPACITY: "x" is not a number',
    ],
    [
      'a due date before the ready time',
      TINY.replace('10         60', '70         60'),
      'line 12, field DUE DATE: 60 is before the ready time 70',
    ],
    [
      'a customer listed twice',
      TINY.replace('    7      6', '    1      6'),
      'line 12, field CUST NO.: 1 appears twice',
    ],
    ['no customer section', TINY.replace('CUSTOMER\n', ''), 'field CUSTOMER: section heading not found'],
  ])('refuses %s, naming the line and the field', (_case, text, message) => {
    const error = errorOf(text);
    expect(isFleetDomainError(error, 'MALFORMED_INSTANCE')).toBe(true);
    expect((error as Error).message).toContain(message);
  });
});
