import type { Deal } from '../commons/sales-model.js';

/**
 * Small, exact statistics over closed deals, shared by the tools that learn
 * from history (win-loss patterns, deal risk). No sampling, no smoothing:
 * every figure can be recomputed by hand from the CRM export.
 */

const dayMs = 86_400_000;

/** Whole days from `from` to `to`, both ISO dates. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);
}

/** Days from engagement to close, or undefined when either date is missing. */
export function cycleDays(deal: Deal): number | undefined {
  if (!deal.engageDate || !deal.closeDate) return undefined;
  return daysBetween(deal.engageDate, deal.closeDate);
}

/** Whether the deal is closed (won or lost). */
export const isClosed = (deal: Deal) => deal.stage === 'Won' || deal.stage === 'Lost';

/** Whether the deal is still open (prospecting or engaging). */
export const isOpen = (deal: Deal) => deal.stage === 'Prospecting' || deal.stage === 'Engaging';

/** The nearest-rank percentile `p` (0-100] of `values`, or undefined when empty. */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** The mean of `values` to one decimal, or null when empty. */
export function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  return Math.round((values.reduce((sum, v) => sum + v, 0) / values.length) * 10) / 10;
}

/** `won / closed` to three decimals, or null with no closed deals. */
export function winRate(won: number, closed: number): number | null {
  return closed === 0 ? null : Math.round((won / closed) * 1000) / 1000;
}

/** Compares product names but for spacing and case, so "GTXPro" is "GTX Pro". */
export function sameProduct(a: string, b: string): boolean {
  const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return squash(a) === squash(b);
}
