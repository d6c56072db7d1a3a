import { InputError } from '../../commons/errors.js';
import type { Plan, PlanStep, RunRecord } from '../../commons/run-model.js';
import type { AnyTool } from '../../commons/tool.js';
import { toolsForProfile } from './profiles.js';

/**
 * The deterministic planner: reads the goal for the intents it knows and
 * lays out their tools in a fixed order (intelligence, engagement and its
 * approval, qualification, territory). The same goal and run give the same
 * plan, on any machine.
 */

interface Intent {
  name: string;
  /** What a user would write; case-insensitive, but for the agent name a move needs. */
  pattern: RegExp;
  tools: string[];
}

/** A move of the run's account and the agent it names: capitalised words after "to". */
const movedTo = new RegExp(
  String.raw`\b(?:[Rr]eassign|[Mm]ove|[Tt]ransfer|[Hh]and)\s+(?:this|the|it)\b[^.]*?` +
    String.raw`\bto\s+(?:agent\s+)?([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)`,
);

export const intents: Intent[] = [
  {
    name: 'prioritize the account',
    pattern: /\b(priorit[iy]|prioriti[sz]e|score|fit|icp|research|profile)\w*/i,
    tools: ['score-account-fit', 'account-signals'],
  },
  {
    name: 'draft outreach',
    pattern: /\b(outreach|draft|e-?mail|message|reach out|write to|contact)\w*/i,
    tools: ['account-signals', 'draft-outreach', 'assess-message-quality'],
  },
  {
    name: 'qualify the deal',
    pattern: /\b(qualif|bant|meddic|deal risk|risk|opportunit)\w*/i,
    tools: ['qualify-opportunity', 'assess-deal-risk'],
  },
  {
    name: 'learn from won and lost deals',
    pattern: /\b(win.?loss|win rate|won and lost|patterns?)\b/i,
    tools: ['win-loss-patterns'],
  },
  {
    name: 'check territory capacity',
    pattern: /\b(territor|capacity|workload|rebalanc|pipeline load)\w*/i,
    tools: ['assess-capacity'],
  },
  {
    name: 'move the account to another agent',
    // Only with a named agent ("reassign this account to Moses Frase"): the
    // move is the proposal, so a goal that names nobody proposes nothing.
    pattern: movedTo,
    tools: ['assess-capacity', 'simulate-territory-change'],
  },
];

/** The order tools run in, whichever intents asked for them. */
const toolOrder = [
  'normalize-account',
  'score-account-fit',
  'account-signals',
  'win-loss-patterns',
  'draft-outreach',
  'assess-message-quality',
  'qualify-opportunity',
  'assess-deal-risk',
  'assess-capacity',
  'simulate-territory-change',
];

const contact = { $ref: 'run.contact' };
const evidence = { $ref: 'run.evidence' };

/** The input each tool gets, given the goal and the other tools in the plan. */
function inputFor(tool: string, planned: Set<string>, goal: string): Record<string, unknown> {
  const output = (step: string) =>
    planned.has(step) ? { $ref: `steps.${step}.output` } : undefined;
  // A run given a CRM record works on the account its normalization gives.
  const accountRef = planned.has('normalize-account')
    ? 'steps.normalize-account.output.account'
    : 'run.account';
  const account = { $ref: accountRef };
  switch (tool) {
    case 'normalize-account':
      return { record: { $ref: 'run.crmRecord' } };
    case 'draft-outreach':
      return {
        account,
        contact,
        signals: output('account-signals'),
        fit: output('score-account-fit'),
        template: { $ref: 'run.template' },
      };
    case 'assess-message-quality':
      return { message: output('draft-outreach'), contact, account };
    case 'qualify-opportunity':
    case 'assess-deal-risk':
      return { account, evidence };
    case 'win-loss-patterns':
    case 'assess-capacity':
      return {};
    case 'simulate-territory-change':
      return {
        moves: [{ accountId: { $ref: `${accountRef}.id` }, toAgent: movedTo.exec(goal)?.[1] }],
      };
    default:
      return { account };
  }
}

const reasons: Record<string, string> = {
  'score-account-fit': 'How well the account fits the ideal customer profile sets its priority.',
  'account-signals':
    'Its deal history shows what it bought, what is open and when it last engaged.',
  'win-loss-patterns': 'Won and lost deals show which segments convert.',
  'draft-outreach': 'A personalised first message, for a human to approve before it is sent.',
  'assess-message-quality': 'Checks the draft before a human reads it.',
  'qualify-opportunity': 'BANT and MEDDICC from the evidence at hand name the gaps to close.',
  'assess-deal-risk': 'Stalled or exposed open deals need attention first.',
  'assess-capacity': 'Pipeline load per agent and office shows who can take more.',
  'simulate-territory-change':
    "What the move would do to every agent's load, for a human to approve before anyone acts.",
};

/** The intents a goal expresses, in the order of the `intents` list. */
export function readGoal(goal: string): Intent[] {
  return intents.filter((intent) => intent.pattern.test(goal));
}

/** Plans a run from its goal; throws an InputError naming what it understands. */
export function planWithRules(run: Pick<RunRecord, 'goal' | 'profile' | 'crmRecord'>): Plan {
  const allowed = toolsForProfile(run.profile);
  const matched = readGoal(run.goal);
  const wanted = new Set(matched.flatMap((intent) => intent.tools));
  if (run.crmRecord && wanted.size > 0) wanted.add('normalize-account');
  const chosen = toolOrder.filter((name) => wanted.has(name) && allowed.has(name));

  if (chosen.length === 0) {
    const understood = intents
      .filter((intent) => intent.tools.some((tool) => allowed.has(tool)))
      .map((intent) => intent.name);
    if (matched.length > 0) {
      // The goal was read, but only tools of another profile serve it.
      const asks = matched.map((intent) => intent.name).join(', ');
      throw new InputError(`the ${run.profile} profile has no tool for: ${asks}`, [
        { field: 'profile', problem: `has no tool for: ${asks}; the manager profile has` },
      ]);
    }
    throw new InputError(
      `the goal asks for nothing this planner can do; it understands: ${understood.join(', ')}`,
      [{ field: 'goal', problem: `not understood; try one of: ${understood.join(', ')}` }],
    );
  }

  const planned = new Set(chosen);
  const steps: PlanStep[] = chosen.map((name) => {
    const tool = allowed.get(name) as AnyTool;
    return {
      id: name,
      kind: 'tool',
      tool: name,
      domain: tool.domain,
      input: inputFor(name, planned, run.goal),
      why: reasons[name] ?? tool.description,
      cost: tool.cost,
    };
  });
  return {
    steps: withApprovals(steps, allowed),
    planner: 'rules',
    explanation: explain(matched, allowed, run.profile),
    tokens: 0,
  };
}

/** How the goal was read, and which of its asks the profile's tools cannot serve. */
function explain(
  matched: Intent[],
  allowed: ReadonlyMap<string, AnyTool>,
  profile: string,
): string {
  const served = matched.filter((intent) => intent.tools.some((tool) => allowed.has(tool)));
  const names = (list: Intent[]) => list.map((intent) => intent.name).join('; ');
  const unserved = matched.filter((intent) => !served.includes(intent));
  const reading = `Read the goal as: ${names(served)}.`;
  if (unserved.length === 0) return reading;
  const left = `Not planned, as no tool for it is open to the ${profile} profile`;
  return `${reading} ${left}: ${names(unserved)}.`;
}

/**
 * Puts an approval after each proposing step, once the steps that check its
 * proposal have run, so that the human sees the proposal with its checks.
 */
export function withApprovals(steps: PlanStep[], tools: ReadonlyMap<string, AnyTool>): PlanStep[] {
  const result = [...steps];
  for (const step of steps) {
    if (step.kind !== 'tool' || tools.get(step.tool)?.sideEffect !== 'propose') continue;
    const reference = JSON.stringify({ $ref: `steps.${step.id}.output` });
    let last = result.indexOf(step);
    result.forEach((other, index) => {
      if (other.kind === 'tool' && JSON.stringify(other.input).includes(reference)) {
        last = Math.max(last, index);
      }
    });
    result.splice(last + 1, 0, {
      id: `approve-${step.id}`,
      kind: 'approval',
      of: step.id,
      why: 'Nothing reaches a customer or changes an assignment without a human decision.',
    });
  }
  return result;
}
