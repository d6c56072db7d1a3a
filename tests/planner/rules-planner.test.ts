import { describe, expect, it } from 'vitest';
import { InputError } from '../../functions/commons/errors.js';
import type { PlanStep } from '../../functions/commons/run-model.js';
import { planWithRules } from '../../functions/platform/planner/rules-planner.js';

/**
 * The rules planner: each goal it can read gives its plan, the same every
 * time; a goal it cannot read gives an error naming what it understands.
 */

const ids = (steps: PlanStep[]) => steps.map((step) => step.id);

/** The error `act` throws; fails the test when it throws none. */
function thrownBy(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, got none');
}

describe('the rules planner', () => {
  const table: { goal: string; profile: 'rep' | 'manager'; steps: string[]; reading: string }[] = [
    {
      goal: 'Prioritize this account',
      profile: 'rep',
      steps: ['score-account-fit', 'account-signals'],
      reading: 'prioritize the account',
    },
    {
      goal: 'Draft outreach to Dana',
      profile: 'rep',
      steps: [
        'account-signals',
        'draft-outreach',
        'assess-message-quality',
        'approve-draft-outreach',
      ],
      reading: 'draft outreach',
    },
    {
      goal: 'Qualify the deal with MEDDICC',
      profile: 'rep',
      steps: ['qualify-opportunity', 'assess-deal-risk'],
      reading: 'qualify the deal',
    },
    {
      goal: 'What do our win/loss patterns say?',
      profile: 'rep',
      steps: ['win-loss-patterns'],
      reading: 'learn from won and lost deals',
    },
    {
      goal: 'Prioritize this account, draft outreach and qualify the deal',
      profile: 'rep',
      steps: [
        'score-account-fit',
        'account-signals',
        'draft-outreach',
        'assess-message-quality',
        'approve-draft-outreach',
        'qualify-opportunity',
        'assess-deal-risk',
      ],
      reading: 'prioritize the account; draft outreach; qualify the deal',
    },
    {
      goal: 'Check territory capacity before we qualify this opportunity',
      profile: 'manager',
      steps: ['qualify-opportunity', 'assess-deal-risk', 'assess-capacity'],
      reading: 'qualify the deal; check territory capacity',
    },
    {
      goal: 'Check territory capacity before we qualify this opportunity',
      profile: 'rep',
      steps: ['qualify-opportunity', 'assess-deal-risk'],
      reading:
        'qualify the deal. Not planned, as no tool for it is open to the rep profile: ' +
        'check territory capacity',
    },
  ];

  for (const row of table) {
    it(`plans "${row.goal}" for a ${row.profile} as ${row.steps.join(', ')}`, () => {
      // Act
      const plan = planWithRules({ goal: row.goal, profile: row.profile });

      // Assess
      expect(ids(plan.steps)).toEqual(row.steps);
      expect(plan.planner).toBe('rules');
      expect(plan.explanation).toBe(`Read the goal as: ${row.reading}.`);
      expect(plan.tokens).toBe(0);
      expect(plan.fallbackReason).toBeUndefined();
    });
  }

  it('proposes the move a manager names, with the agent from the goal, for approval', () => {
    // Prepare
    const goal = 'Reassign this account to Moses Frase and check the workload first';

    // Act
    const plan = planWithRules({ goal, profile: 'manager' });

    // Assess
    expect(ids(plan.steps)).toEqual([
      'assess-capacity',
      'simulate-territory-change',
      'approve-simulate-territory-change',
    ]);
    expect(plan.steps[1]).toMatchObject({
      domain: 'territory',
      input: { moves: [{ accountId: { $ref: 'run.account.id' }, toAgent: 'Moses Frase' }] },
    });
    expect(plan.explanation).toBe(
      'Read the goal as: check territory capacity; move the account to another agent.',
    );
  });

  it('proposes no move when the goal names no agent to move to', () => {
    // Prepare
    const goal = 'Move fast and rebalance the territory';

    // Act
    const plan = planWithRules({ goal, profile: 'manager' });

    // Assess
    expect(ids(plan.steps)).toEqual(['assess-capacity']);
  });

  it('gives the draft the outputs of the steps planned before it, and the run values', () => {
    // Act
    const plan = planWithRules({ goal: 'Prioritize and draft outreach', profile: 'rep' });

    // Assess
    const draft = plan.steps.find((step) => step.id === 'draft-outreach');
    expect(draft).toEqual({
      id: 'draft-outreach',
      kind: 'tool',
      tool: 'draft-outreach',
      domain: 'engagement',
      input: {
        account: { $ref: 'run.account' },
        contact: { $ref: 'run.contact' },
        signals: { $ref: 'steps.account-signals.output' },
        fit: { $ref: 'steps.score-account-fit.output' },
        template: { $ref: 'run.template' },
      },
      why: 'A personalised first message, for a human to approve before it is sent.',
      cost: 2,
    });
  });

  it('plans the same goal the same way every time', () => {
    // Prepare
    const goal = 'Prioritize this account, draft outreach and qualify the deal';
    const run = { goal, profile: 'rep' as const };

    // Act
    const first = planWithRules(run);
    const second = planWithRules(run);

    // Assess
    expect(second).toEqual(first);
  });

  it('names what a rep can ask for when it cannot read the goal', () => {
    // Act
    const error = thrownBy(() => planWithRules({ goal: 'Book me a flight', profile: 'rep' }));

    // Assess
    const understood =
      'prioritize the account, draft outreach, qualify the deal, learn from won and lost deals';
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({
      message: `the goal asks for nothing this planner can do; it understands: ${understood}`,
      problems: [{ field: 'goal', problem: `not understood; try one of: ${understood}` }],
    });
  });

  it('tells a rep asking for territory work that the manager profile has it', () => {
    // Prepare
    const goal = 'Rebalance the territory';

    // Act
    const error = thrownBy(() => planWithRules({ goal, profile: 'rep' }));

    // Assess
    expect(error.message).toBe('the rep profile has no tool for: check territory capacity');
    expect((error as InputError).problems).toEqual([
      {
        field: 'profile',
        problem: 'has no tool for: check territory capacity; the manager profile has',
      },
    ]);
  });

  it('names territory work among what a manager can ask for', () => {
    // Act
    const error = thrownBy(() => planWithRules({ goal: 'Book me a flight', profile: 'manager' }));

    // Assess
    expect(error.message).toBe(
      'the goal asks for nothing this planner can do; it understands: prioritize the account, ' +
        'draft outreach, qualify the deal, learn from won and lost deals, check territory ' +
        'capacity, move the account to another agent',
    );
  });
});
