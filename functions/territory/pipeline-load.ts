import * as z from 'zod';
import type { Deal, Product, SalesAgent } from '../commons/sales-model.js';
import { isOpen, sameProduct } from '../intelligence/deal-history.js';

/**
 * Open-pipeline load: how many open deals each sales agent and each regional
 * office carries, and what they are worth at list price (open deals have no
 * close value yet). Both territory tools measure load this one way.
 */

export const agentLoadSchema = z.object({
  agent: z.string(),
  office: z.string(),
  manager: z.string(),
  openDeals: z.number(),
  openListValue: z.number(),
});
export type AgentLoad = z.infer<typeof agentLoadSchema>;

export const officeLoadSchema = z.object({
  office: z.string(),
  agents: z.number(),
  openDeals: z.number(),
  openListValue: z.number(),
  /** Open deals per agent of the office, to two decimals. */
  meanOpenDeals: z.number(),
});
export type OfficeLoad = z.infer<typeof officeLoadSchema>;

/** The list price of a deal's product; 0 when the product is not in the price list. */
export function listPriceOf(deal: Deal, products: Product[]): number {
  return products.find((p) => sameProduct(p.name, deal.product))?.listPrice ?? 0;
}

/** The load of every agent, idle ones included, in the order of `agents`. */
export function agentLoads(deals: Deal[], agents: SalesAgent[], products: Product[]): AgentLoad[] {
  const loads = new Map<string, AgentLoad>();
  for (const a of agents) {
    const load = { agent: a.name, office: a.regionalOffice, manager: a.manager };
    loads.set(a.name, { ...load, openDeals: 0, openListValue: 0 });
  }
  for (const deal of deals.filter(isOpen)) {
    const load = loads.get(deal.salesAgent);
    if (!load) continue;
    load.openDeals += 1;
    load.openListValue += listPriceOf(deal, products);
  }
  return [...loads.values()];
}

/** Sums agent loads by office, offices in name order. */
export function officeLoads(loads: AgentLoad[]): OfficeLoad[] {
  const offices = new Map<string, OfficeLoad>();
  for (const load of loads) {
    const office = offices.get(load.office) ?? {
      office: load.office,
      agents: 0,
      openDeals: 0,
      openListValue: 0,
      meanOpenDeals: 0,
    };
    office.agents += 1;
    office.openDeals += load.openDeals;
    office.openListValue += load.openListValue;
    office.meanOpenDeals = Math.round((office.openDeals / office.agents) * 100) / 100;
    offices.set(load.office, office);
  }
  return [...offices.values()].sort((a, b) => a.office.localeCompare(b.office));
}

/** Open deals whose agent is not in the sales team list, which no load includes. */
export function unassignedOpenDeals(deals: Deal[], agents: SalesAgent[]): number {
  const names = new Set(agents.map((a) => a.name));
  return deals.filter((d) => isOpen(d) && !names.has(d.salesAgent)).length;
}
