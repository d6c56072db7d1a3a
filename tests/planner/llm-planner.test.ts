import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetClients } from '../../functions/commons/aws-clients.js';
import { createBudget, findBudget } from '../../functions/commons/budget-store.js';
import type { RunRecord } from '../../functions/commons/run-model.js';
import { planRun } from '../../functions/platform/planner/plan-run.js';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../infra/local/dynamodb.js';
import { startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai.js';

/**
 * The LLM planner through the real `openai` client against a fake server:
 * the plan it accepts, every way it falls back to the rules, and what each
 * costs the run's budget (1 unit per 1,000 tokens or part of them).
 */

let dynamodb: LocalDynamoDb;
let fake: FakeOpenAi;
const openAiVariables = ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_MODEL', 'OPENAI_TIMEOUT_MS'];

beforeAll(async () => {
  dynamodb = await startLocalDynamoDb();
  Object.assign(process.env, dynamodb.environment, {
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  resetClients();
  fake = await startFakeOpenAi();
});

afterAll(async () => {
  await fake.close();
  resetClients();
  await dynamodb.close();
});

beforeEach(() => {
  Object.assign(process.env, {
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: fake.baseUrl,
    OPENAI_MODEL: 'planner-test-model',
    OPENAI_TIMEOUT_MS: '2000',
  });
  fake.requests.length = 0;
});

afterEach(() => {
  for (const name of openAiVariables) delete process.env[name];
});

const goal = 'Prioritize this account and draft outreach';
const rulesSteps = [
  'score-account-fit',
  'account-signals',
  'draft-outreach',
  'assess-message-quality',
  'approve-draft-outreach',
];
const rulesExplanation = 'Read the goal as: prioritize the account; draft outreach.';

/** A run record as the API creates it, with a budget of `budget` units. */
async function newRun(budget = 20, profile: RunRecord['profile'] = 'rep'): Promise<RunRecord> {
  const runId = `run_${randomUUID()}`;
  await createBudget(runId, budget);
  const now = new Date().toISOString();
  return {
    runId,
    traceId: '1-00000000-000000000000000000000000',
    status: 'PLANNING',
    goal,
    profile,
    account: { id: 'northwind-outfitters', name: 'Northwind Outfitters', sector: 'retail' },
    contact: { name: 'Dana Reyes', email: 'dana.reyes@northwind.example' },
    budgetLimit: budget,
    steps: {},
    approvals: {},
    createdAt: now,
    updatedAt: now,
  };
}

const account = { $ref: 'run.account' };
const goodPlan = {
  explanation: 'Score the account, then write to Dana with what its history shows.',
  steps: [
    { id: 'score-account-fit', tool: 'score-account-fit', input: { account }, why: 'Fit first.' },
    { id: 'account-signals', tool: 'account-signals', input: { account }, why: 'History.' },
    {
      id: 'draft-outreach',
      tool: 'draft-outreach',
      input: {
        account,
        contact: { $ref: 'run.contact' },
        signals: { $ref: 'steps.account-signals.output' },
      },
      why: 'A first message.',
    },
  ],
};

/** What the budget shows after planning. */
async function budgetOf(run: RunRecord) {
  const budget = await findBudget(run.runId);
  // Keys are `${runId}:${what}`, unique across runs that share a budget.
  const prefix = `${run.runId}:`;
  const reservations = Object.fromEntries(
    Object.entries(budget?.reservations ?? {}).map(([key, cost]) => [
      key.startsWith(prefix) ? key.slice(prefix.length) : `unscoped ${key}`,
      cost,
    ]),
  );
  return { spent: budget?.spent, remaining: budget?.remaining, reservations };
}

describe('the LLM planner', () => {
  it('uses a valid plan, adds the approval and charges its tokens', async () => {
    // Prepare
    fake.reply({ kind: 'plan', plan: goodPlan, totalTokens: 1234 });
    const run = await newRun(20);

    // Act
    const plan = await planRun(run);

    // Assess
    expect(plan.planner).toBe('llm');
    expect(plan.fallbackReason).toBeUndefined();
    expect(plan.tokens).toBe(1234);
    expect(plan.explanation).toBe(goodPlan.explanation);
    expect(plan.steps.map((step) => step.id)).toEqual([
      'score-account-fit',
      'account-signals',
      'draft-outreach',
      'approve-draft-outreach',
    ]);
    expect(plan.steps[2]).toEqual({
      id: 'draft-outreach',
      kind: 'tool',
      tool: 'draft-outreach',
      domain: 'engagement',
      input: goodPlan.steps[2]?.input,
      why: 'A first message.',
      cost: 2,
    });
    expect(plan.steps[3]).toEqual({
      id: 'approve-draft-outreach',
      kind: 'approval',
      of: 'draft-outreach',
      why: 'Nothing reaches a customer or changes an assignment without a human decision.',
    });
    expect(await budgetOf(run)).toEqual({ spent: 2, remaining: 18, reservations: { planner: 2 } });
  });

  it('asks the configured model, with the tools the profile allows and the budget', async () => {
    // Prepare
    fake.reply({ kind: 'plan', plan: goodPlan, totalTokens: 10 });
    const run = await newRun(20);

    // Act
    await planRun(run);

    // Assess
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.authorization).toBe('Bearer test-key');
    expect(request?.body.model).toBe('planner-test-model');
    expect(request?.body.response_format.type).toBe('json_schema');
    expect(request?.body.response_format.json_schema.name).toBe('sales_run_plan');
    const asked = JSON.parse(request?.body.messages[1].content);
    expect(asked.goal).toBe(goal);
    expect(asked.budget).toBe(20);
    expect(Object.keys(asked.references)).toEqual(['run.account', 'run.contact']);
    expect(asked.tools.map((tool: { name: string }) => tool.name).sort()).toEqual([
      'account-signals',
      'assess-deal-risk',
      'assess-message-quality',
      'draft-outreach',
      'normalize-account',
      'qualify-opportunity',
      'score-account-fit',
      'win-loss-patterns',
    ]);
    const draft = asked.tools.find((tool: { name: string }) => tool.name === 'draft-outreach');
    expect(draft).toMatchObject({ cost: 2, sideEffect: 'propose' });
    expect(draft.input.required).toEqual(['account']);
  });

  it('plans by the rules, without asking, when no key is set', async () => {
    // Prepare
    delete process.env.OPENAI_API_KEY;
    const run = await newRun(20);

    // Act
    const plan = await planRun(run);

    // Assess
    expect(plan).toEqual({
      steps: expect.any(Array),
      planner: 'rules',
      explanation: rulesExplanation,
      tokens: 0,
    });
    expect(plan.steps.map((step) => step.id)).toEqual(rulesSteps);
    expect(fake.requests).toHaveLength(0);
    expect(await budgetOf(run)).toEqual({ spent: 0, remaining: 20, reservations: {} });
  });

  it('takes an empty key for no key, as an unfilled template leaves it', async () => {
    // Prepare
    process.env.OPENAI_API_KEY = '';
    const run = await newRun(20);

    // Act
    const plan = await planRun(run);

    // Assess
    expect(plan.planner).toBe('rules');
    expect(plan.fallbackReason).toBeUndefined();
    expect(fake.requests).toHaveLength(0);
  });

  const fallbacks: {
    name: string;
    reply: Parameters<FakeOpenAi['reply']>[0];
    budget?: number;
    timeoutMs?: string;
    reason: string;
    tokens: number;
    spent: number;
  }[] = [
    {
      name: 'a plan naming an unknown tool',
      reply: {
        kind: 'plan',
        plan: { ...goodPlan, steps: [{ id: 'oracle', tool: 'crystal-ball', input: {}, why: 'x' }] },
        totalTokens: 800,
      },
      reason: 'llm_unknown_tool:crystal-ball',
      tokens: 800,
      spent: 1,
    },
    {
      name: 'a plan with a tool outside the profile',
      reply: {
        kind: 'plan',
        plan: {
          ...goodPlan,
          steps: [{ id: 'capacity', tool: 'assess-capacity', input: {}, why: 'Load.' }],
        },
        totalTokens: 2001,
      },
      reason: 'llm_tool_not_allowed:assess-capacity',
      tokens: 2001,
      spent: 3,
    },
    {
      name: 'malformed JSON',
      reply: { kind: 'content', content: '{"steps": [{"id": "score', totalTokens: 450 },
      reason: 'llm_malformed_json',
      tokens: 450,
      spent: 1,
    },
    {
      name: 'a refusal',
      reply: { kind: 'refusal', refusal: 'I cannot help with that.', totalTokens: 90 },
      reason: 'llm_refused',
      tokens: 90,
      spent: 1,
    },
    {
      name: 'a 429',
      reply: { kind: 'status', status: 429 },
      reason: 'llm_rate_limited',
      tokens: 0,
      spent: 0,
    },
    {
      name: 'a 500',
      reply: { kind: 'status', status: 500 },
      reason: 'llm_http_500',
      tokens: 0,
      spent: 0,
    },
    {
      name: 'no answer within OPENAI_TIMEOUT_MS',
      reply: { kind: 'hang' },
      timeoutMs: '150',
      reason: 'llm_timeout',
      tokens: 0,
      spent: 0,
    },
    {
      name: 'a plan costing more than the budget left after planning',
      // 4 units of steps; 5 units of budget less 2 for 1,500 tokens leaves 3.
      reply: { kind: 'plan', plan: goodPlan, totalTokens: 1500 },
      budget: 5,
      reason: 'llm_over_budget',
      tokens: 1500,
      spent: 2,
    },
  ];

  for (const fallback of fallbacks) {
    it(`falls back to the rules on ${fallback.name}: ${fallback.reason}`, async () => {
      // Prepare
      fake.reply(fallback.reply);
      if (fallback.timeoutMs) process.env.OPENAI_TIMEOUT_MS = fallback.timeoutMs;
      const budget = fallback.budget ?? 20;
      const run = await newRun(budget);

      // Act
      const plan = await planRun(run);

      // Assess
      expect(plan.planner).toBe('rules');
      expect(plan.fallbackReason).toBe(fallback.reason);
      expect(plan.tokens).toBe(fallback.tokens);
      expect(plan.explanation).toBe(rulesExplanation);
      expect(plan.steps.map((step) => step.id)).toEqual(rulesSteps);
      expect(fake.requests).toHaveLength(1);
      expect(await budgetOf(run)).toEqual({
        spent: fallback.spent,
        remaining: budget - fallback.spent,
        reservations: fallback.spent > 0 ? { planner: fallback.spent } : {},
      });
    });
  }

  it('charges what is left when the tokens cost more than the budget, and says so', async () => {
    // Prepare
    fake.reply({ kind: 'plan', plan: goodPlan, totalTokens: 5200 });
    const run = await newRun(4);

    // Act
    const plan = await planRun(run);

    // Assess
    expect(plan.planner).toBe('rules');
    expect(plan.fallbackReason).toBe('llm_over_budget');
    expect(plan.tokens).toBe(5200);
    expect(plan.explanation).toBe(
      `${rulesExplanation} Planning used 5200 tokens (6 budget units) but only 4 units ` +
        'were left; the steps have no budget.',
    );
    expect(await budgetOf(run)).toEqual({ spent: 4, remaining: 0, reservations: { planner: 4 } });
  });

  it('names the LLM failure when the rules cannot read the goal either', async () => {
    // Prepare
    fake.reply({ kind: 'status', status: 503 });
    const run = { ...(await newRun(20)), goal: 'Book me a flight to Lisbon' };

    // Act
    const planning = planRun(run);

    // Assess
    await expect(planning).rejects.toMatchObject({
      name: 'InputError',
      message:
        'the goal asks for nothing this planner can do; it understands: prioritize the ' +
        'account, draft outreach, qualify the deal, learn from won and lost deals ' +
        "(the LLM planner's plan was not used: llm_http_503)",
    });
  });
});
