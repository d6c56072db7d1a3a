import { describe, expect, it } from 'vitest';
import {
  difference,
  growthPerRunMb,
  minus,
  percentile,
  summarize,
  throughput,
  throughputLimit,
} from '../../infra/bench/stats.js';
import { costPerRun, prices } from '../../infra/bench/prices.js';

describe('percentile', () => {
  it('interpolates between the two nearest ranks, whatever the input order', () => {
    const values = [40, 10, 30, 20];

    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 50)).toBe(25);
    expect(percentile(values, 95)).toBeCloseTo(38.5, 10);
    expect(percentile(values, 100)).toBe(40);
  });

  it('gives the only value of a single sample for every percentile', () => {
    expect(percentile([7], 99)).toBe(7);
  });

  it('gives NaN for no samples and refuses a percentile outside 0 to 100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow('a percentile is from 0 to 100, not 101');
  });
});

describe('summarize and minus', () => {
  it('summarizes latencies and takes the approval delay off every figure', () => {
    const summary = summarize([2010, 2020, 2030, 2040, 2100]);

    expect(summary).toEqual({ p50: 2030, p95: 2088, p99: 2097.6, mean: 2040, max: 2100 });
    const overhead = minus(summary, 2000);
    expect(overhead.p50).toBe(30);
    expect(overhead.p95).toBe(88);
    expect(overhead.p99).toBeCloseTo(97.6, 10);
    expect(overhead.mean).toBe(40);
    expect(overhead.max).toBe(100);
  });
});

describe('throughput', () => {
  it('counts runs per second from the first start to the last end', () => {
    const runs = [
      { startedAt: 1_000, endedAt: 3_000 },
      { startedAt: 1_500, endedAt: 4_000 },
      { startedAt: 2_000, endedAt: 5_000 },
    ];

    expect(throughput(runs)).toBe(0.75);
    expect(throughput([])).toBe(0);
  });

  it('sets the limit at concurrency over the approval delay', () => {
    expect(throughputLimit(50, 2000)).toBe(25);
    expect(throughputLimit(5, 0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('growthPerRunMb and difference', () => {
  it('divides the heap growth by the runs, in MiB', () => {
    expect(growthPerRunMb(10 * 1024 * 1024, 40 * 1024 * 1024, 1000)).toBeCloseTo(0.03, 10);
    expect(growthPerRunMb(0, 1, 0)).toBeNaN();
  });

  it('subtracts counters key by key, keys missing on either side counting 0', () => {
    expect(difference({ a: 5, b: 2 }, { a: 3, c: 1 })).toEqual({ a: 2, b: 2, c: -1 });
  });
});

describe('costPerRun', () => {
  it('prices transitions, billed milliseconds at the memory, requests and units', () => {
    const cost = costPerRun({
      stateTransitions: 25,
      functions: [{ name: 'budget', invocations: 8, meanMs: 9.2, memoryMb: 512 }],
      readUnits: 40,
      writeUnits: 80,
      apiRequests: 2,
    });

    expect(cost.stepFunctions).toBeCloseTo(25 * 0.000025, 15);
    // 9.2 ms bills as 10 ms; 512 MB is 0.5 GB.
    expect(cost.lambdaCompute).toBeCloseTo(8 * 0.01 * 0.5 * prices.lambdaArmPerGbSecond, 15);
    expect(cost.lambdaRequests).toBeCloseTo(8 * 0.0000002, 15);
    expect(cost.dynamoDb).toBeCloseTo(40 * 0.000000125 + 80 * 0.000000625, 15);
    expect(cost.apiGateway).toBeCloseTo(2 * 0.0000035, 15);
    const { stepFunctions, lambdaCompute, lambdaRequests, dynamoDb, apiGateway } = cost;
    expect(cost.total).toBeCloseTo(
      stepFunctions + lambdaCompute + lambdaRequests + dynamoDb + apiGateway,
      15,
    );
  });
});
