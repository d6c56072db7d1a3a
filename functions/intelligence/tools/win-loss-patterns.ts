import * as z from 'zod';
import type { Account, Deal } from '../../commons/sales-model.js';
import { defineTool, type CrmReader } from '../../commons/tool.js';
import { cycleDays, isClosed, mean, sameProduct, winRate } from '../deal-history.js';
import { canonicalSector } from '../vocabulary.js';

/**
 * Win rates of closed deals by sector, product, revenue band, sales agent
 * and regional office, with cycle length and value for won and for lost.
 * A group smaller than `minGroupSize` is listed as too small to read, never
 * as a pattern: a 3-of-4 win rate is an anecdote.
 */

const dimensions = ['sector', 'product', 'revenueBand', 'salesAgent', 'office'] as const;
type Dimension = (typeof dimensions)[number];

/** Revenue bands in millions of USD, by lower bound. */
export const revenueBands = [
  { label: '5000M+', min: 5000 },
  { label: '1000-4999M', min: 1000 },
  { label: '500-999M', min: 500 },
  { label: '100-499M', min: 100 },
  { label: 'under 100M', min: 0 },
] as const;

/** The label for deals whose join found nothing: no account, or an unknown agent. */
export const unknownLabel = '(unknown)';

const outcomeSchema = z.object({
  count: z.number(),
  avgCycleDays: z.number().nullable(),
  /** Won: the mean close value. Lost deals close at 0, so: the mean list price. */
  avgValue: z.number().nullable(),
});

const groupSchema = z.object({
  value: z.string(),
  closed: z.number(),
  won: outcomeSchema,
  lost: outcomeSchema,
  winRate: z.number().nullable(),
});
type Group = z.infer<typeof groupSchema>;

const filterSchema = z.object({
  office: z.string().min(1).optional(),
  sector: z.string().min(1).optional(),
  product: z.string().min(1).optional(),
});

const outputSchema = z.object({
  minGroupSize: z.number(),
  filter: filterSchema,
  overall: groupSchema,
  /** Groups of at least minGroupSize closed deals, best win rate first. */
  patterns: z.record(z.enum(dimensions), z.array(groupSchema)),
  tooSmall: z.array(
    z.object({ dimension: z.enum(dimensions), value: z.string(), closed: z.number() }),
  ),
  reasons: z.array(z.string()),
});
export type WinLossPatterns = z.infer<typeof outputSchema>;

interface JoinedDeal {
  deal: Deal;
  keys: Record<Dimension, string>;
}

function bandOf(account: Account | undefined): string {
  if (account?.revenueMillions === undefined) return unknownLabel;
  const revenue = account.revenueMillions;
  return revenueBands.find((b) => revenue >= b.min)?.label ?? unknownLabel;
}

async function joinDeals(
  crm: CrmReader,
): Promise<{ joined: JoinedDeal[]; prices: Map<string, number> }> {
  const [deals, accounts, agents, products] = await Promise.all([
    crm.allDeals(),
    crm.allAccounts(),
    crm.salesAgents(),
    crm.products(),
  ]);
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const officeByAgent = new Map(agents.map((a) => [a.name, a.regionalOffice]));
  const prices = new Map(products.map((p) => [p.name, p.listPrice]));
  const joined = deals.filter(isClosed).map((deal) => {
    const account = deal.accountId ? accountById.get(deal.accountId) : undefined;
    const sector = account?.sector ? canonicalSector(account.sector).value : unknownLabel;
    const keys = {
      sector,
      product: products.find((p) => sameProduct(p.name, deal.product))?.name ?? deal.product,
      revenueBand: bandOf(account),
      salesAgent: deal.salesAgent,
      office: officeByAgent.get(deal.salesAgent) ?? unknownLabel,
    };
    return { deal, keys };
  });
  return { joined, prices };
}

function summarise(value: string, deals: Deal[], prices: Map<string, number>): Group {
  const won = deals.filter((d) => d.stage === 'Won');
  const lost = deals.filter((d) => d.stage === 'Lost');
  const cycles = (list: Deal[]) => list.map(cycleDays).filter((d) => d !== undefined);
  return {
    value,
    closed: deals.length,
    won: {
      count: won.length,
      avgCycleDays: mean(cycles(won)),
      avgValue: mean(won.map((d) => d.closeValue ?? 0)),
    },
    lost: {
      count: lost.length,
      avgCycleDays: mean(cycles(lost)),
      avgValue: mean(lost.map((d) => prices.get(d.product) ?? 0)),
    },
    winRate: winRate(won.length, deals.length),
  };
}

function matches(filter: z.infer<typeof filterSchema>, keys: Record<Dimension, string>): boolean {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (filter.office && !same(filter.office, keys.office)) return false;
  if (filter.sector && !same(canonicalSector(filter.sector).value, keys.sector)) return false;
  return !filter.product || sameProduct(filter.product, keys.product);
}

const percent = (rate: number | null) => (rate === null ? 'n/a' : `${(rate * 100).toFixed(1)}%`);

/** Learns win-loss patterns from every closed deal in the CRM. */
export async function winLossPatterns(
  crm: CrmReader,
  minGroupSize: number,
  filter: z.infer<typeof filterSchema>,
): Promise<WinLossPatterns> {
  const { joined, prices } = await joinDeals(crm);
  const scope = joined.filter((j) => matches(filter, j.keys));
  const overall = summarise(
    'all',
    scope.map((j) => j.deal),
    prices,
  );

  const patterns = {} as Record<Dimension, Group[]>;
  const tooSmall: WinLossPatterns['tooSmall'] = [];
  const reasons = [
    `${overall.closed} closed deals in scope: ${overall.won.count} won, ` +
      `${overall.lost.count} lost (${percent(overall.winRate)}); groups need ` +
      `${minGroupSize} closed deals to count`,
  ];
  for (const dimension of dimensions) {
    const byValue = new Map<string, Deal[]>();
    for (const { deal, keys } of scope) {
      const group = byValue.get(keys[dimension]) ?? [];
      group.push(deal);
      byValue.set(keys[dimension], group);
    }
    const groups = [...byValue].map(([value, deals]) => summarise(value, deals, prices));
    for (const g of groups.filter((g) => g.closed < minGroupSize)) {
      tooSmall.push({ dimension, value: g.value, closed: g.closed });
    }
    patterns[dimension] = groups
      .filter((g) => g.closed >= minGroupSize)
      .sort((a, b) => (b.winRate ?? 0) - (a.winRate ?? 0) || a.value.localeCompare(b.value));
    const best = patterns[dimension][0];
    const worst = patterns[dimension].at(-1);
    if (best && worst && best !== worst) {
      reasons.push(
        `${dimension}: best ${best.value} ${percent(best.winRate)} of ${best.closed}, ` +
          `worst ${worst.value} ${percent(worst.winRate)} of ${worst.closed}`,
      );
    }
  }
  tooSmall.sort((a, b) => dimensions.indexOf(a.dimension) - dimensions.indexOf(b.dimension));
  return { minGroupSize, filter, overall, patterns, tooSmall, reasons };
}

/** The intelligence tool that reads win-loss patterns from closed CRM deals. */
export const winLossPatternsTool = defineTool({
  name: 'win-loss-patterns',
  domain: 'intelligence',
  sideEffect: 'read-only',
  cost: 3,
  description:
    'Computes win rates, cycle days and deal values of closed deals by sector, product, revenue ' +
    'band, sales agent and office, listing groups too small to read.',
  input: z.object({
    minGroupSize: z.number().int().min(1).default(30),
    filter: filterSchema.default({}),
  }),
  output: outputSchema,
  run: ({ minGroupSize, filter }, { crm }) => winLossPatterns(crm, minGroupSize, filter),
});
