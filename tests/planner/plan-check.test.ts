import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../functions/commons/run-model.js';
import { fallbackClass } from '../../functions/platform/planner/fallback-reasons.js';
import { checkLlmPlan } from '../../functions/platform/planner/plan-check.js';
import { toolsForProfile } from '../../functions/platform/planner/profiles.js';

/**
 * The checks an LLM plan passes before anything runs: each problem rejects
 * the plan with its exact reason, and approvals are the planner's, not the
 * model's.
 */

const run: RunRecord = {
  runId: 'run_check',
  traceId: '1-00000000-000000000000000000000000',
  status: 'PLANNING',
  goal: 'Prioritize this account and draft outreach',
  profile: 'rep',
  account: { id: 'northwind-outfitters', name: 'Northwind Outfitters', sector: 'retail' },
  contact: { name: 'Dana Reyes', email: 'dana.reyes@northwind.example' },
  budgetLimit: 20,
  steps: {},
  approvals: {},
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};
const rep = toolsForProfile('rep');
const account = { $ref: 'run.account' };
const contact = { $ref: 'run.contact' };

/** A one-step-at-a-time answer: each entry is [id, tool, input]. */
function answer(...steps: [string, string, Record<string, unknown>][]) {
  return {
    explanation: 'Read as a request to prioritise and write.',
    steps: steps.map(([id, tool, input]) => ({ id, tool, input, why: `Run ${tool}.` })),
  };
}

const reasonOf = (result: ReturnType<typeof checkLlmPlan>) => (result.ok ? 'ok' : result.reason);

describe('checking an LLM plan', () => {
  const rejections: { name: string; answer: unknown; budget?: number; reason: string }[] = [
    {
      name: 'an answer that is not an object',
      answer: ['score-account-fit'],
      reason: 'llm_invalid_plan:(root)',
    },
    {
      name: 'no explanation',
      answer: { steps: answer(['score-account-fit', 'score-account-fit', { account }]).steps },
      reason: 'llm_invalid_plan:explanation',
    },
    { name: 'no steps', answer: answer(), reason: 'llm_invalid_plan:steps' },
    {
      name: 'an id that is not lower-case',
      answer: answer(['Score', 'score-account-fit', { account }]),
      reason: 'llm_invalid_plan:steps.0.id',
    },
    {
      name: 'an approval id too long once prefixed',
      answer: answer([`d${'x'.repeat(60)}`, 'draft-outreach', { account }]),
      reason: 'llm_invalid_plan:steps.1.id',
    },
    {
      name: 'two steps with one id',
      answer: answer(
        ['fit', 'score-account-fit', { account }],
        ['fit', 'account-signals', { account }],
      ),
      reason: 'llm_duplicate_step:fit',
    },
    {
      name: 'the id the planner charges its tokens under',
      answer: answer(['planner', 'score-account-fit', { account }]),
      reason: 'llm_reserved_step_id:planner',
    },
    {
      name: 'an id approvals own',
      answer: answer(['approve-fit', 'score-account-fit', { account }]),
      reason: 'llm_reserved_step_id:approve-fit',
    },
    {
      name: 'an unknown tool, its name cut to 80 characters',
      answer: answer(['oracle', `crystal-ball-${'y'.repeat(100)}`, {}]),
      reason: `llm_unknown_tool:crystal-ball-${'y'.repeat(67)}`,
    },
    {
      name: 'a reference to nothing a step can read',
      answer: answer(['fit', 'score-account-fit', { account: { $ref: 'run.secrets' } }]),
      reason: 'llm_bad_ref:run.secrets',
    },
    {
      name: 'a reference to a later step',
      answer: answer(
        ['draft', 'draft-outreach', { account, signals: { $ref: 'steps.signals.output' } }],
        ['signals', 'account-signals', { account }],
      ),
      reason: 'llm_ref_not_earlier:signals',
    },
    {
      name: 'a reference to itself',
      answer: answer(['fit', 'score-account-fit', { account: { $ref: 'steps.fit.output' } }]),
      reason: 'llm_ref_not_earlier:fit',
    },
    {
      name: 'a literal input its tool rejects',
      answer: answer([
        'fit',
        'score-account-fit',
        { account, icp: { revenueMillions: { min: 900, max: 100 } } },
      ]),
      reason: 'llm_invalid_input:score-account-fit',
    },
    {
      name: 'a run reference whose value does not fit',
      answer: answer(['signals', 'account-signals', { account: contact }]),
      reason: 'llm_invalid_input:account-signals',
    },
    {
      name: 'a required input left out',
      answer: answer(['signals', 'account-signals', {}]),
      reason: 'llm_invalid_input:account-signals',
    },
    {
      name: 'steps costing more than the budget left',
      answer: answer(
        ['fit', 'score-account-fit', { account }],
        ['draft', 'draft-outreach', { account }],
      ),
      budget: 2,
      reason: 'llm_over_budget',
    },
  ];

  for (const rejection of rejections) {
    it(`rejects ${rejection.name}: ${rejection.reason}`, () => {
      // Act
      const result = checkLlmPlan(rejection.answer, run, rep, rejection.budget ?? 20);

      // Assess
      expect(reasonOf(result)).toBe(rejection.reason);
    });
  }

  it('accepts a plan that costs exactly the budget left', () => {
    // Prepare
    const plan = answer(
      ['fit', 'score-account-fit', { account }],
      ['draft', 'draft-outreach', { account }],
    );

    // Act
    const result = checkLlmPlan(plan, run, rep, 3);

    // Assess
    expect(reasonOf(result)).toBe('ok');
  });

  it('leaves a field filled from an earlier step to be checked when that step has run', () => {
    // Prepare: the draft's account comes from an output whose shape is known only then.
    const plan = answer(
      ['fit', 'score-account-fit', { account }],
      ['draft', 'draft-outreach', { account: { $ref: 'steps.fit.output.account' }, contact }],
    );

    // Act
    const result = checkLlmPlan(plan, run, rep, 20);

    // Assess
    expect(reasonOf(result)).toBe('ok');
  });

  it('drops approvals the model wrote and places its own after the checks of a proposal', () => {
    // Prepare: the model puts its own approval first, with nothing checked.
    const plan = answer(
      ['draft', 'draft-outreach', { account, contact }],
      ['quality', 'assess-message-quality', { message: { $ref: 'steps.draft.output' }, contact }],
    );
    plan.steps.unshift({ id: 'approve-draft', kind: 'approval', of: 'draft', why: 'ok' } as never);

    // Act
    const result = checkLlmPlan(plan, run, rep, 20);

    // Assess
    expect(result.ok && result.steps.map((step) => step.id)).toEqual([
      'draft',
      'quality',
      'approve-draft',
    ]);
    expect(result.ok && result.steps[2]).toEqual({
      id: 'approve-draft',
      kind: 'approval',
      of: 'draft',
      why: 'Nothing reaches a customer or changes an assignment without a human decision.',
    });
  });

  it("takes each step's domain and cost from the catalogue, not the model", () => {
    // Prepare
    const plan = answer(['fit', 'score-account-fit', { account }]);
    Object.assign(plan.steps[0] as object, { domain: 'territory', cost: 0 });

    // Act
    const result = checkLlmPlan(plan, run, rep, 20);

    // Assess
    expect(result).toEqual({
      ok: true,
      explanation: 'Read as a request to prioritise and write.',
      steps: [
        {
          id: 'fit',
          kind: 'tool',
          tool: 'score-account-fit',
          domain: 'intelligence',
          input: { account },
          why: 'Run score-account-fit.',
          cost: 1,
        },
      ],
    });
  });
});

describe('the class of a fallback reason', () => {
  const classes: [string, string][] = [
    ['llm_timeout', 'timeout'],
    ['llm_rate_limited', 'rate_limited'],
    ['llm_http_500', 'http'],
    ['llm_http_401', 'http'],
    ['llm_unreachable', 'unreachable'],
    ['llm_error', 'error'],
    ['llm_refused', 'refused'],
    ['llm_truncated', 'malformed'],
    ['llm_empty_answer', 'malformed'],
    ['llm_malformed_json', 'malformed'],
    ['llm_over_budget', 'over_budget'],
    ['llm_unknown_tool:crystal-ball', 'invalid_plan'],
    ['llm_invalid_input:score-account-fit', 'invalid_plan'],
    ['llm_invalid_plan:steps.0.id', 'invalid_plan'],
  ];

  for (const [reason, expected] of classes) {
    it(`puts ${reason} in ${expected}`, () => {
      // Act
      const found = fallbackClass(reason);

      // Assess
      expect(found).toBe(expected);
    });
  }
});
