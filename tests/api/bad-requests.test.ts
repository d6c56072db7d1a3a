import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type ApiClient } from '../support/local-stack.js';
import { corpus } from './bad-request-corpus.js';
import { badRunBodies } from './bad-run-bodies.js';
import type { LocalStack } from '../../infra/local/stack.js';

/**
 * A corpus of bad requests against the API over HTTP. Each gets its exact
 * status, error code and the fields it names; none leaves a run behind.
 */

let stack: LocalStack;
let api: ApiClient;

beforeAll(async () => {
  ({ stack, api } = await startTestStack());
  process.env.MAX_RUN_BUDGET = '500';
});

afterAll(async () => {
  await stack.close();
});

describe('the API refuses bad requests', () => {
  it('has sixty-one of them, forty-five of them run bodies', () => {
    expect([corpus.length, badRunBodies.length]).toEqual([61, 45]);
  });

  it.each(corpus)('answers $status to $name', async (request) => {
    const answer = await api.request(
      request.method ?? 'POST',
      request.path ?? '/runs',
      request.body,
      request.headers,
    );

    expect(answer.status).toBe(request.status);
    expect(answer.body.error).toBe(request.error);
    expect(typeof answer.body.message).toBe('string');
    expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.(ts|js):\d+/);
    if (request.fields) {
      expect(answer.body.fields.map((f: { field: string }) => f.field)).toEqual(request.fields);
    } else {
      expect(answer.body.fields).toBeUndefined();
    }
  });

  it('left no run behind', async () => {
    const runs = await api.request('GET', '/runs');

    expect(runs.status).toBe(200);
    expect(runs.body).toEqual({ runs: [] });
  });
});
