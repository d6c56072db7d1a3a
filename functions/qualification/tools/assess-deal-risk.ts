import * as z from 'zod';
import { accountSchema, type Account, type Deal } from '../../commons/sales-model.js';
import { defineTool, type CrmReader } from '../../commons/tool.js';
import {
  cycleDays,
  daysBetween,
  isClosed,
  isOpen,
  percentile,
  sameProduct,
  winRate,
} from '../../intelligence/deal-history.js';
import { evidenceSchema, readElement, type Evidence, type ReadElement } from '../evidence.js';

/**
 * The risks on an account's open deals: stalled (time since engagement
 * against how long closed deals of the same product took), no champion, no
 * budget, competition. Close likelihood is stated as history with its
 * counts, never as a prediction. Advisory only.
 */

/** The percentile of closed cycle days beyond which an engaging deal counts as stalled. */
export const stallPercentile = 75;
/** Fewer closed deals of a product than this, and the norm uses all products. */
export const minNormSample = 20;

const riskSchema = z.object({ code: z.string(), detail: z.string() });
type Risk = z.infer<typeof riskSchema>;

const normSchema = z.object({
  percentile: z.number(),
  thresholdDays: z.number(),
  sampleSize: z.number(),
  basis: z.enum(['product', 'all products']),
});

const historySchema = z.object({
  basis: z.enum(['product', 'all products']),
  closed: z.number(),
  won: z.number(),
  winRate: z.number().nullable(),
  statement: z.string(),
});

const dealRiskSchema = z.object({
  dealId: z.string(),
  product: z.string(),
  stage: z.string(),
  salesAgent: z.string(),
  engageDate: z.string().nullable(),
  daysSinceEngaged: z.number().nullable(),
  stalled: z.boolean().nullable(),
  norm: normSchema.nullable(),
  history: historySchema,
  risks: z.array(riskSchema),
  riskLevel: z.enum(['high', 'medium', 'low']),
});
type DealRisk = z.infer<typeof dealRiskSchema>;

const outputSchema = z.object({
  advisory: z.literal(true),
  accountId: z.string(),
  openDeals: z.array(dealRiskSchema),
  /** Risks from the evidence, which apply to every open deal of the account. */
  accountRisks: z.array(riskSchema),
  riskRule: z.string(),
  summary: z.array(z.string()),
});
export type DealRiskAssessment = z.infer<typeof outputSchema>;

const riskRule =
  'high: stalled and a budget or champion risk; medium: any risk, or stage age unknown; ' +
  'low: none';

function evidenceRisks(evidence: Evidence | undefined): Risk[] {
  const risks: Risk[] = [];
  const describe = (read: ReadElement, what: string) =>
    read.status === 'gap'
      ? `${what} known to be missing${read.evidence ? `: ${read.evidence}` : ''}`
      : `no evidence of a ${what}`;
  const champion = readElement(evidence, 'champion');
  if (champion.status !== 'confirmed') {
    risks.push({ code: 'no-champion', detail: describe(champion, 'champion') });
  }
  const budget = readElement(evidence, 'budget');
  if (budget.status !== 'confirmed') {
    risks.push({ code: 'no-budget', detail: describe(budget, 'budget') });
  }
  const competition = readElement(evidence, 'competition');
  const none = ['note says there is no competition', 'flag false', 'empty competitor list'];
  if (competition.status === 'confirmed' && !none.includes(competition.readAs)) {
    risks.push({ code: 'competition', detail: `competing with ${competition.evidence}` });
  }
  return risks;
}

interface History {
  closed: Deal[];
  cyclesByProduct: (product: string) => { days: number[]; basis: 'product' | 'all products' };
}

function learn(deals: Deal[]): History {
  const closed = deals.filter(isClosed);
  const all = closed.map(cycleDays).filter((d) => d !== undefined);
  return {
    closed,
    cyclesByProduct: (product) => {
      const days = closed
        .filter((d) => sameProduct(d.product, product))
        .map(cycleDays)
        .filter((d) => d !== undefined);
      return days.length >= minNormSample
        ? { days, basis: 'product' }
        : { days: all, basis: 'all products' };
    },
  };
}

function historyOf(product: string, history: History): DealRisk['history'] {
  const ofProduct = history.closed.filter((d) => sameProduct(d.product, product));
  const basis = ofProduct.length > 0 ? 'product' : 'all products';
  const closed = basis === 'product' ? ofProduct : history.closed;
  const won = closed.filter((d) => d.stage === 'Won').length;
  const rate = winRate(won, closed.length);
  const what = basis === 'product' ? `${product} deals` : 'deals (no closed deal of this product)';
  const statement =
    rate === null
      ? 'no closed deals to compare with'
      : `of ${closed.length} closed ${what}, ${Math.round(rate * 100)}% were won (${won})`;
  return { basis, closed: closed.length, won, winRate: rate, statement };
}

function assessDeal(deal: Deal, history: History, accountRisks: Risk[], now: Date): DealRisk {
  const today = now.toISOString().slice(0, 10);
  const risks: Risk[] = [];
  let stalled: boolean | null = null;
  let norm: DealRisk['norm'] = null;
  const days = deal.engageDate ? daysBetween(deal.engageDate, today) : null;
  const { days: cycles, basis } = history.cyclesByProduct(deal.product);
  const threshold = percentile(cycles, stallPercentile);
  if (days === null) {
    risks.push({ code: 'stage-age-unknown', detail: `${deal.stage} with no engage date` });
  } else if (threshold !== undefined) {
    const sampleSize = cycles.length;
    norm = { percentile: stallPercentile, thresholdDays: threshold, sampleSize, basis };
    stalled = days > threshold;
    if (stalled) {
      const of = basis === 'product' ? `${deal.product} deals` : 'deals';
      risks.push({
        code: 'stalled',
        detail:
          `engaged ${days} days ago; ${stallPercentile}% of ${cycles.length} closed ${of} ` +
          `closed within ${threshold} days`,
      });
    }
  }
  const all = [...risks, ...accountRisks];
  const moneyOrChampion = accountRisks.some(
    (r) => r.code === 'no-budget' || r.code === 'no-champion',
  );
  const riskLevel = stalled && moneyOrChampion ? 'high' : all.length > 0 ? 'medium' : 'low';
  return {
    dealId: deal.id,
    product: deal.product,
    stage: deal.stage,
    salesAgent: deal.salesAgent,
    engageDate: deal.engageDate ?? null,
    daysSinceEngaged: days,
    stalled,
    norm,
    history: historyOf(deal.product, history),
    risks,
    riskLevel,
  };
}

/** Assesses the open deals of `account` against the CRM's closed history. */
export async function assessDealRisk(
  account: Account,
  evidence: Evidence | undefined,
  crm: CrmReader,
  now: Date,
): Promise<DealRiskAssessment> {
  const open = (await crm.dealsForAccount(account.id)).filter(isOpen);
  const history = learn(await crm.allDeals());
  const accountRisks = evidenceRisks(evidence);
  const openDeals = open
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((deal) => assessDeal(deal, history, accountRisks, now));
  const stalled = openDeals.filter((d) => d.stalled).length;
  const summary =
    openDeals.length === 0
      ? [`${account.name} has no open deals in the CRM`]
      : [
          `${openDeals.length} open deals: ${stalled} stalled, ` +
            `${openDeals.filter((d) => d.riskLevel === 'high').length} at high risk`,
          ...accountRisks.map((r) => `${r.code}: ${r.detail}`),
        ];
  return { advisory: true, accountId: account.id, openDeals, accountRisks, riskRule, summary };
}

/** The qualification tool that flags stalled and exposed open deals of an account. */
export const assessDealRiskTool = defineTool({
  name: 'assess-deal-risk',
  domain: 'qualification',
  sideEffect: 'read-only',
  cost: 3,
  description:
    "Flags an account's open deals that are stalled against closed history, lack a champion " +
    'or budget, or face competition, with historical win rates as counts.',
  input: z.object({ account: accountSchema, evidence: evidenceSchema.optional() }),
  output: outputSchema,
  run: ({ account, evidence }, { crm, now }) => assessDealRisk(account, evidence, crm, now),
});
