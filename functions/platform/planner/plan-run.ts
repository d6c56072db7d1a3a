import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  budgetIdOf,
  findBudget,
  reservationKey,
  reserveBudget,
} from '../../commons/budget-store.js';
import { readEnvironment, type Environment } from '../../commons/config.js';
import { InputError } from '../../commons/errors.js';
import { emitMetric, logger } from '../../commons/powertools.js';
import type { Plan, RunRecord } from '../../commons/run-model.js';
import { fallbackClass } from './fallback-reasons.js';
import { askForPlan } from './llm-client.js';
import { planningMessages } from './llm-prompt.js';
import { checkLlmPlan } from './plan-check.js';
import { toolsForProfile } from './profiles.js';
import { planWithRules } from './rules-planner.js';

/**
 * Plans a run: by the LLM when OPENAI_API_KEY is set, by the rules otherwise
 * or whenever the LLM's plan cannot be used. The LLM's tokens are charged to
 * the run's budget, used or not, before its plan is checked against what is
 * left of that budget.
 */

/**
 * The one token-to-budget rule: a budget unit buys this many planner tokens,
 * and a part of a unit is charged as a whole one (1 to 1,000 tokens: 1 unit).
 */
export const tokensPerBudgetUnit = 1_000;

/** What the planner's charge is kept under in the budget, after the run id. */
export const plannerBudgetKey = 'planner';

/** The budget units `tokens` planner tokens cost. */
export function budgetUnitsForTokens(tokens: number): number {
  return Math.ceil(tokens / tokensPerBudgetUnit);
}

/** Plans `run`; throws an InputError only when the rules cannot read its goal either. */
export async function planRun(run: RunRecord, env: Environment = readEnvironment()): Promise<Plan> {
  if (!env.OPENAI_API_KEY) return planWithRules(run);

  const allowed = toolsForProfile(run.profile);
  const before = (await findBudget(budgetIdOf(run)))?.remaining ?? run.budgetLimit;
  const reply = await askForPlan(
    {
      apiKey: env.OPENAI_API_KEY,
      model: env.OPENAI_MODEL,
      baseURL: env.OPENAI_BASE_URL,
      timeoutMs: env.OPENAI_TIMEOUT_MS,
    },
    planningMessages(run, allowed.values(), before),
  );
  if (reply.tokens > 0) {
    emitMetric('LlmTokens', MetricUnit.Count, reply.tokens, { model: env.OPENAI_MODEL });
  }
  const charge = await chargePlanning(run, reply.tokens, before);

  const checked = reply.ok
    ? checkLlmPlan(reply.answer, run, allowed, charge.remaining)
    : { ok: false as const, reason: reply.reason };
  const note = charge.shortfall
    ? ` Planning used ${reply.tokens} tokens (${charge.units} budget units) but only ` +
      `${charge.charged} units were left; the steps have no budget.`
    : '';
  if (checked.ok) {
    return {
      steps: checked.steps,
      planner: 'llm',
      explanation: checked.explanation + note,
      tokens: reply.tokens,
    };
  }

  logger.warn('llm plan not used', { fallbackReason: checked.reason, tokens: reply.tokens });
  emitMetric('PlannerFallbacks', MetricUnit.Count, 1, { reason: fallbackClass(checked.reason) });
  const rules = planByRulesAfter(run, checked.reason);
  return {
    ...rules,
    explanation: rules.explanation + note,
    fallbackReason: checked.reason,
    tokens: reply.tokens,
  };
}

/** The rules plan, with the LLM's failure named if the rules cannot plan either. */
function planByRulesAfter(run: RunRecord, fallbackReason: string): Plan {
  try {
    return planWithRules(run);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      `${error.message} (the LLM planner's plan was not used: ${fallbackReason})`,
      error.problems,
    );
  }
}

interface Charge {
  units: number;
  charged: number;
  /** What the budget has left for the plan's steps. */
  remaining: number;
  /** Whether the budget could not cover the tokens. */
  shortfall: boolean;
}

/**
 * Charges the planner's tokens to the run's budget. Tokens are spent by the
 * time we know their number, so a charge the budget cannot cover takes all
 * that is left rather than none: the run is planned, and its steps are then
 * skipped for want of budget. A retried charge is kept once, by its key.
 */
async function chargePlanning(run: RunRecord, tokens: number, before: number): Promise<Charge> {
  const units = budgetUnitsForTokens(tokens);
  if (units === 0) return { units, charged: 0, remaining: before, shortfall: false };

  const budgetId = budgetIdOf(run);
  const key = reservationKey(run.runId, plannerBudgetKey);
  const reservation = await reserveBudget(budgetId, key, units);
  if (reservation.reserved) {
    return { units, charged: units, remaining: reservation.remaining, shortfall: false };
  }

  const left = reservation.remaining;
  const rest = left > 0 ? await reserveBudget(budgetId, key, left) : undefined;
  const charged = rest?.reserved ? left : 0;
  logger.warn('planner tokens exceed the budget', { tokens, units, charged });
  return { units, charged, remaining: rest?.remaining ?? left, shortfall: true };
}
