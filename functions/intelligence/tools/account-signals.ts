import * as z from 'zod';
import { accountSchema, type Account, type Deal } from '../../commons/sales-model.js';
import { defineTool, type CrmReader } from '../../commons/tool.js';

/**
 * What our own CRM history says about an account: its open deals, what it
 * won and lost, when we last engaged, what it bought, and its parent and
 * subsidiaries. Facts with counts, for the drafts and scores that follow.
 */

const relatedAccountSchema = z.object({
  id: z.string(),
  /** Null when the parent id names no imported account. */
  name: z.string().nullable(),
});

/** The account-signals output; draft-outreach accepts it as `signals`. */
export const accountSignalsSchema = z.object({
  accountId: z.string(),
  hasHistory: z.boolean(),
  openDealsByStage: z.object({ Prospecting: z.number(), Engaging: z.number() }),
  /** Open deals valued at the list price of their product. */
  openListValue: z.number(),
  won: z.object({ count: z.number(), value: z.number() }),
  /** Lost deals close at 0, so their value is the list price of what was lost. */
  lost: z.object({ count: z.number(), listValue: z.number() }),
  /** The latest engage or close date of any deal, or null with no history. */
  lastEngagement: z.iso.date().nullable(),
  daysSinceLastEngagement: z.number().nullable(),
  /** Products of won deals, most often bought first, ties by name. */
  productsBought: z.array(z.string()),
  parent: relatedAccountSchema.nullable(),
  subsidiaries: z.array(relatedAccountSchema),
  reasons: z.array(z.string()),
});
export type AccountSignals = z.infer<typeof accountSignalsSchema>;

const dayMs = 86_400_000;

function productsByCount(deals: Deal[]): string[] {
  const counts = new Map<string, number>();
  for (const deal of deals) counts.set(deal.product, (counts.get(deal.product) ?? 0) + 1);
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([product]) => product);
}

function latestDate(deals: Deal[]): string | null {
  const dates = deals.flatMap((d) => [d.engageDate, d.closeDate]).filter((d) => d !== undefined);
  return dates.length === 0 ? null : dates.sort().at(-1)!;
}

async function related(account: Account, crm: CrmReader) {
  let parent: AccountSignals['parent'] = null;
  if (account.parentId) {
    const found = await crm.findAccount(account.parentId);
    parent = { id: found?.id ?? account.parentId, name: found?.name ?? null };
  }
  const subsidiaries = (await crm.allAccounts())
    .filter((a) => a.parentId === account.id)
    .map((a) => ({ id: a.id, name: a.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { parent, subsidiaries };
}

/** Summarises the CRM history of `account` as of `now`. */
export async function accountSignals(
  account: Account,
  crm: CrmReader,
  now: Date,
): Promise<AccountSignals> {
  const deals = await crm.dealsForAccount(account.id);
  const prices = new Map((await crm.products()).map((p) => [p.name, p.listPrice]));
  const listPrice = (deal: Deal) => prices.get(deal.product) ?? 0;
  const open = deals.filter((d) => d.stage === 'Prospecting' || d.stage === 'Engaging');
  const won = deals.filter((d) => d.stage === 'Won');
  const lost = deals.filter((d) => d.stage === 'Lost');

  const lastEngagement = latestDate(deals);
  const days =
    lastEngagement === null
      ? null
      : Math.floor((now.getTime() - Date.parse(`${lastEngagement}T00:00:00Z`)) / dayMs);
  const { parent, subsidiaries } = await related(account, crm);
  const signals: Omit<AccountSignals, 'reasons'> = {
    accountId: account.id,
    hasHistory: deals.length > 0,
    openDealsByStage: {
      Prospecting: open.filter((d) => d.stage === 'Prospecting').length,
      Engaging: open.filter((d) => d.stage === 'Engaging').length,
    },
    openListValue: open.reduce((sum, d) => sum + listPrice(d), 0),
    won: { count: won.length, value: won.reduce((sum, d) => sum + (d.closeValue ?? 0), 0) },
    lost: { count: lost.length, listValue: lost.reduce((sum, d) => sum + listPrice(d), 0) },
    lastEngagement,
    daysSinceLastEngagement: days,
    productsBought: productsByCount(won),
    parent,
    subsidiaries,
  };
  return { ...signals, reasons: describe(account, signals) };
}

function describe(account: Account, s: Omit<AccountSignals, 'reasons'>): string[] {
  const open = s.openDealsByStage;
  const reasons = s.hasHistory
    ? [
        `${open.Prospecting + open.Engaging} open deals (${open.Prospecting} prospecting, ` +
          `${open.Engaging} engaging) worth ${s.openListValue} at list price`,
        `${s.won.count} won for ${s.won.value}; ${s.lost.count} lost worth ` +
          `${s.lost.listValue} at list price`,
        `last engagement ${s.lastEngagement}, ${s.daysSinceLastEngagement} days before the run`,
      ]
    : [`no deals with ${account.name} (id ${account.id}) in the imported CRM`];
  if (s.productsBought.length > 0) reasons.push(`bought ${s.productsBought.join(', ')}`);
  if (s.parent) reasons.push(`subsidiary of ${s.parent.name ?? `unknown account ${s.parent.id}`}`);
  if (s.subsidiaries.length > 0) {
    reasons.push(`parent of ${s.subsidiaries.map((a) => a.name).join(', ')}`);
  }
  return reasons;
}

/** The intelligence tool that reads an account's history from the imported CRM. */
export const accountSignalsTool = defineTool({
  name: 'account-signals',
  domain: 'intelligence',
  sideEffect: 'read-only',
  cost: 1,
  description:
    "Summarises an account's CRM history: open deals by stage, won and lost counts and " +
    'values, last engagement, products bought, parent and subsidiaries.',
  input: z.object({ account: accountSchema }),
  output: accountSignalsSchema,
  run: ({ account }, { crm, now }) => accountSignals(account, crm, now),
});
