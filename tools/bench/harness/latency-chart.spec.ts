import { latencyChart } from './latency-chart';

describe('latencyChart', () => {
  it('draws the buckets from the first to the last used, bars scaled to the fullest, with counts and shares', () => {
    expect(latencyChart([3, 4, 12], 10)).toEqual([
      '<=    5 ms |########## 2  67%',
      '<=   10 ms |           0   0%',
      '<=   20 ms |#####      1  33%',
    ]);
  });

  it('puts what is past the last edge in an open bucket', () => {
    expect(latencyChart([2_500, 1_500], 4)).toEqual(['<= 2000 ms |#### 1  50%', '>  2000 ms |#### 1  50%']);
  });

  it('draws nothing for no samples', () => {
    expect(latencyChart([])).toEqual([]);
  });
});
