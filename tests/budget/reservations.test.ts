import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClients } from '../../functions/commons/aws-clients.js';
import { createBudget, findBudget, reserveBudget } from '../../functions/commons/budget-store.js';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../infra/local/dynamodb.js';

/** Budget reservations on dynalite: concurrent, repeated and refused. */

let dynamodb: LocalDynamoDb;

beforeAll(async () => {
  dynamodb = await startLocalDynamoDb();
  Object.assign(process.env, dynamodb.environment);
  resetClients();
});

afterAll(async () => {
  resetClients();
  await dynamodb.close();
});

describe('budget reservations', () => {
  it('let exactly as many of 100 concurrent reservations succeed as fit the limit', async () => {
    await createBudget('race-1', 37);

    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => reserveBudget('race-1', `step-${i}`, 1)),
    );

    expect(results.filter((r) => r.reserved).length).toBe(37);
    const budget = await findBudget('race-1');
    expect(budget).toMatchObject({ limit: 37, remaining: 0, spent: 37, refusals: 63 });
    expect(Object.keys(budget!.reservations).length).toBe(37);
  });

  it('never spend past the limit when costs do not divide it', async () => {
    await createBudget('race-3', 100);

    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => reserveBudget('race-3', `step-${i}`, 3)),
    );

    expect(results.filter((r) => r.reserved).length).toBe(33);
    expect(await findBudget('race-3')).toMatchObject({ remaining: 1, spent: 99, refusals: 67 });
  });

  it('charge a repeated reservation once', async () => {
    await createBudget('repeat', 10);

    const first = await reserveBudget('repeat', 'draft', 4);
    const again = await Promise.all([1, 2, 3].map(() => reserveBudget('repeat', 'draft', 4)));

    expect(first).toEqual({ reserved: true, remaining: 6, repeated: false });
    expect(again).toEqual(Array(3).fill({ reserved: true, remaining: 6, repeated: true }));
    expect(await findBudget('repeat')).toMatchObject({ remaining: 6, spent: 4, refusals: 0 });
  });

  it('treat a cost equal to what remains as fitting, and one unit more as not', async () => {
    await createBudget('edge', 5);

    const exact = await reserveBudget('edge', 'a', 5);
    const over = await reserveBudget('edge', 'b', 1);

    expect(exact).toEqual({ reserved: true, remaining: 0, repeated: false });
    expect(over).toEqual({ reserved: false, remaining: 0 });
  });
});
