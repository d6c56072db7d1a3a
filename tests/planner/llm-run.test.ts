import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.js';
import { startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai.js';
import { northwind, startTestStack, type ApiClient } from '../support/local-stack.js';

/**
 * Runs on the local stack with an LLM configured (the fake server): the run
 * follows the LLM's plan when it is good and the rules' when the LLM fails,
 * and GET /runs/{id} tells which, why and at what cost.
 */

let fake: FakeOpenAi;
let stack: LocalStack;
let api: ApiClient;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  // The functions read these from the environment, as on AWS; set before the stack starts.
  Object.assign(process.env, {
    OPENAI_API_KEY: 'run-test-key',
    OPENAI_BASE_URL: fake.baseUrl,
    OPENAI_MODEL: 'run-test-model',
    OPENAI_TIMEOUT_MS: '3000',
  });
  ({ stack, api } = await startTestStack({ retryIntervalMs: 5 }));
});

afterAll(async () => {
  await stack.close();
  await fake.close();
});

beforeEach(() => {
  fake.requests.length = 0;
});

const account = { $ref: 'run.account' };
const llmPlan = {
  explanation: 'Worth our time means fit and history: score the account, then read its deals.',
  steps: [
    { id: 'fit', tool: 'score-account-fit', input: { account }, why: 'How well it fits.' },
    { id: 'history', tool: 'account-signals', input: { account }, why: 'What it bought.' },
  ],
};

async function runToTheEnd(goal: string) {
  const started = await api.startRun({ goal, ...northwind });
  expect(started.status).toBe(202);
  return api.waitForStatus(started.body.runId, ['SUCCEEDED', 'PARTIAL', 'FAILED']);
}

describe('a run with an LLM configured', () => {
  it('follows the LLM plan, for a goal the rules cannot read, and shows its cost', async () => {
    // Prepare
    fake.reply({ kind: 'plan', plan: llmPlan, totalTokens: 1500 });

    // Act
    const run = await runToTheEnd('Is this account worth our time?');

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    expect(run.plan).toEqual({ planner: 'llm', explanation: llmPlan.explanation, tokens: 1500 });
    const outcomes = run.steps.map((step: { id: string; status: string }) => [
      step.id,
      step.status,
    ]);
    expect(outcomes).toEqual([
      ['fit', 'succeeded'],
      ['history', 'succeeded'],
    ]);
    // 2 units for 1,500 tokens, then 1 for each tool.
    expect(run.budget).toEqual({ limit: 100, spent: 4, remaining: 96 });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.body.model).toBe('run-test-model');
    expect(fake.requests[0]?.authorization).toBe('Bearer run-test-key');
  });

  it('falls back to the rules plan when the LLM answers 500, and says why', async () => {
    // Prepare
    fake.reply({ kind: 'status', status: 500 });

    // Act
    const run = await runToTheEnd('Prioritize this account');

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    expect(run.plan).toEqual({
      planner: 'rules',
      explanation: 'Read the goal as: prioritize the account.',
      fallbackReason: 'llm_http_500',
      tokens: 0,
    });
    expect(run.steps.map((step: { id: string }) => step.id)).toEqual([
      'score-account-fit',
      'account-signals',
    ]);
    expect(run.budget).toEqual({ limit: 100, spent: 2, remaining: 98 });
    expect(fake.requests).toHaveLength(1);
  });

  it('fails a run whose goal neither planner can serve, naming both', async () => {
    // Prepare
    fake.reply({ kind: 'status', status: 429 });

    // Act
    const run = await runToTheEnd('Is this account worth our time?');

    // Assess
    expect(run.status).toBe('FAILED');
    expect(run.error).toEqual({
      class: 'input',
      name: 'InputError',
      message:
        'the goal asks for nothing this planner can do; it understands: prioritize the ' +
        'account, draft outreach, qualify the deal, learn from won and lost deals ' +
        "(the LLM planner's plan was not used: llm_rate_limited)",
    });
    expect(run.plan).toBeUndefined();
  });
});
