import * as z from 'zod';
import { accountSchema, dealSchema, type Account, type Deal } from '../../commons/sales-model.js';
import { defineTool } from '../../commons/tool.js';
import {
  bantElements,
  elementStatuses,
  evidenceSchema,
  meddiccElements,
  readElement,
  type Evidence,
  type EvidenceElement,
  type ReadElement,
} from '../evidence.js';

/**
 * Qualifies an opportunity with BANT and MEDDICC from the rep's explicit
 * evidence. It advises; it decides nothing. CRM deals give context (is this
 * an existing customer, is a deal open) but never stand in for evidence.
 */

const elementSchema = z.object({
  element: z.string(),
  status: z.enum(elementStatuses),
  evidence: z.string().nullable(),
  readAs: z.string(),
});

const frameworkSchema = z.object({
  /** Confirmed elements as a share of all elements, 0-100. */
  score: z.number(),
  confirmed: z.number(),
  gaps: z.number(),
  unknown: z.number(),
  elements: z.array(elementSchema),
});

const outputSchema = z.object({
  advisory: z.literal(true),
  score: z.number().min(0).max(100),
  verdict: z.enum(['qualified', 'disqualifying-gap', 'insufficient-evidence']),
  verdictRule: z.string(),
  bant: frameworkSchema,
  meddicc: frameworkSchema,
  strengths: z.array(z.string()),
  gaps: z.array(z.string()),
  nextSteps: z.array(z.string()),
  context: z.object({
    source: z.enum(['input', 'crm']),
    openDeals: z.number(),
    wonDeals: z.number(),
    lostDeals: z.number(),
  }),
});
export type Qualification = z.infer<typeof outputSchema>;

/** What each element means, and what to do when it is not confirmed. */
const guide: Record<EvidenceElement, { label: string; nextStep: string }> = {
  budget: { label: 'budget', nextStep: 'Confirm an approved budget and its amount.' },
  authority: { label: 'authority', nextStep: 'Find who signs off and meet them.' },
  need: { label: 'need', nextStep: "Write down the business need in the customer's words." },
  timeline: { label: 'timeline', nextStep: 'Agree a target date and what drives it.' },
  metrics: { label: 'metrics', nextStep: 'Agree the figures that will prove success.' },
  economicBuyer: {
    label: 'economic buyer',
    nextStep: 'Identify the economic buyer and get a meeting with them.',
  },
  decisionCriteria: {
    label: 'decision criteria',
    nextStep: 'Ask how options will be compared, and write the criteria down.',
  },
  decisionProcess: {
    label: 'decision process',
    nextStep: 'Map the steps and people from evaluation to signature.',
  },
  identifyPain: {
    label: 'identified pain',
    nextStep: 'Name the pain this solves and what it costs them today.',
  },
  champion: {
    label: 'champion',
    nextStep: 'Find an insider who will sell for us when we are not in the room.',
  },
  competition: { label: 'competition', nextStep: 'Ask who else they are talking to.' },
};

const round = (n: number) => Math.round(n);

function framework(elements: ReadElement[]) {
  const count = (status: string) => elements.filter((e) => e.status === status).length;
  return {
    score: round((100 * count('confirmed')) / elements.length),
    confirmed: count('confirmed'),
    gaps: count('gap'),
    unknown: count('unknown'),
    elements,
  };
}

function describe(read: ReadElement): string {
  const label = guide[read.element].label;
  return read.evidence ? `${label}: ${read.evidence}` : `${label} (${read.readAs})`;
}

function verdictOf(bant: ReadElement[]): Pick<Qualification, 'verdict' | 'verdictRule'> {
  const gaps = bant.filter((e) => e.status === 'gap').map((e) => guide[e.element].label);
  if (gaps.length > 0) {
    return {
      verdict: 'disqualifying-gap',
      verdictRule: `a BANT element is known to be missing: ${gaps.join(', ')}`,
    };
  }
  if (bant.every((e) => e.status === 'confirmed')) {
    return { verdict: 'qualified', verdictRule: 'all four BANT elements are confirmed' };
  }
  const unknown = bant.filter((e) => e.status === 'unknown').map((e) => guide[e.element].label);
  return {
    verdict: 'insufficient-evidence',
    verdictRule: `no BANT gap, but no evidence yet for ${unknown.join(', ')}`,
  };
}

/** Qualifies from `evidence`; `deals` only add context. Pure. */
export function qualifyOpportunity(
  account: Account,
  evidence: Evidence | undefined,
  deals: Deal[],
  source: 'input' | 'crm',
): Qualification {
  const bant = bantElements.map((e) => readElement(evidence, e));
  const meddicc = meddiccElements.map((e) => readElement(evidence, e));
  const all = [...bant, ...meddicc];

  const strengths = all.filter((e) => e.status === 'confirmed').map(describe);
  const gaps = all.filter((e) => e.status === 'gap').map(describe);
  const open = deals.filter((d) => d.stage === 'Prospecting' || d.stage === 'Engaging').length;
  const won = deals.filter((d) => d.stage === 'Won').length;
  const lost = deals.filter((d) => d.stage === 'Lost').length;
  if (won > 0) {
    strengths.push(
      `context, not evidence: ${account.name} has won ${won} deal${won === 1 ? '' : 's'} before`,
    );
  }

  const notConfirmed = [
    ...all.filter((e) => e.status === 'gap'),
    ...all.filter((e) => e.status === 'unknown'),
  ];
  const nextSteps = notConfirmed.map((e) => guide[e.element].nextStep);
  const confirmed = all.filter((e) => e.status === 'confirmed').length;
  return {
    advisory: true,
    score: round((100 * confirmed) / all.length),
    ...verdictOf(bant),
    bant: framework(bant),
    meddicc: framework(meddicc),
    strengths,
    gaps,
    nextSteps,
    context: { source, openDeals: open, wonDeals: won, lostDeals: lost },
  };
}

/** The qualification tool that checks an opportunity against BANT and MEDDICC. */
export const qualifyOpportunityTool = defineTool({
  name: 'qualify-opportunity',
  domain: 'qualification',
  sideEffect: 'read-only',
  cost: 2,
  description:
    'Qualifies an opportunity against BANT and MEDDICC from explicit evidence only, listing ' +
    'strengths, gaps and next steps; advisory.',
  input: z.object({
    account: accountSchema,
    evidence: evidenceSchema.optional(),
    deals: z.array(dealSchema).max(10_000).optional(),
  }),
  output: outputSchema,
  run: async ({ account, evidence, deals }, { crm }) => {
    const known = deals ?? (await crm.dealsForAccount(account.id));
    return qualifyOpportunity(account, evidence, known, deals ? 'input' : 'crm');
  },
});
