import {
  accountIdFromName,
  dealStages,
  type Deal,
  type Product,
  type SalesAgent,
} from '../commons/sales-model.js';

/**
 * The row readers of the CRM import: each takes one CSV row and either gives
 * a record, with the corrections it made, or a reason to reject the row.
 * They never drop a row or a value without saying so.
 */

/** The CSV files of a CRM export, in the order they are read. */
export const crmFiles = [
  'products.csv',
  'sales_teams.csv',
  'accounts.csv',
  'sales_pipeline.csv',
] as const;
export type CrmFile = (typeof crmFiles)[number];

/** The columns each file must have. */
export const requiredColumns: Record<CrmFile, string[]> = {
  'products.csv': ['product', 'series', 'sales_price'],
  'sales_teams.csv': ['sales_agent', 'manager', 'regional_office'],
  'accounts.csv': ['account', 'sector', 'revenue', 'employees', 'office_location'],
  'sales_pipeline.csv': [
    'opportunity_id',
    'sales_agent',
    'product',
    'account',
    'deal_stage',
    'engage_date',
    'close_date',
    'close_value',
  ],
};

/** One change the import made to one value of one row. */
export interface Correction {
  field: string;
  from: string | number | null;
  to: string | number | null;
  rule: string;
}

/** A row read: the record and its corrections, or the reason it was rejected. */
export type RowResult<T> = { record: T; corrections: Correction[] } | { reason: string };

type Row = Record<string, string | undefined>;

const text = (row: Row, column: string) => (row[column] ?? '').trim();

/** Reads a products.csv row. */
export function readProductRow(row: Row): RowResult<Product> {
  const name = text(row, 'product');
  const series = text(row, 'series');
  const price = text(row, 'sales_price');
  if (!name) return { reason: 'product: empty' };
  if (!series) return { reason: 'series: empty' };
  const listPrice = Number(price);
  if (price === '' || !Number.isFinite(listPrice) || listPrice < 0) {
    return { reason: `sales_price: "${price}" is not a non-negative number` };
  }
  return { record: { name, series, listPrice }, corrections: [] };
}

/** Reads a sales_teams.csv row. */
export function readAgentRow(row: Row): RowResult<SalesAgent> {
  const name = text(row, 'sales_agent');
  const manager = text(row, 'manager');
  const regionalOffice = text(row, 'regional_office');
  for (const [column, value] of [
    ['sales_agent', name],
    ['manager', manager],
    ['regional_office', regionalOffice],
  ] as const) {
    if (!value) return { reason: `${column}: empty` };
  }
  return { record: { name, manager, regionalOffice }, corrections: [] };
}

/** What a pipeline row is checked against. */
export interface PipelineReferences {
  products: Product[];
  agentNames: Set<string>;
  accountIds: Set<string>;
}

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The product `raw` names, exactly or but for spacing and case ("GTXPro"). */
function matchProduct(raw: string, products: Product[]): Product | undefined {
  const exact = products.find((p) => p.name === raw);
  return exact ?? products.find((p) => squash(p.name) === squash(raw));
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function readDate(value: string): string | undefined | 'invalid' {
  if (value === '') return undefined;
  if (!isoDate.test(value)) return 'invalid';
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value
    ? 'invalid'
    : value;
}

/** Reads a sales_pipeline.csv row against the products, agents and accounts read first. */
export function readDealRow(row: Row, refs: PipelineReferences): RowResult<Deal> {
  const corrections: Correction[] = [];
  const id = text(row, 'opportunity_id');
  if (!id) return { reason: 'opportunity_id: empty' };

  const stage = text(row, 'deal_stage');
  if (!(dealStages as readonly string[]).includes(stage)) {
    return { reason: `deal_stage: "${stage}" is not one of ${dealStages.join(', ')}` };
  }
  const salesAgent = text(row, 'sales_agent');
  if (!refs.agentNames.has(salesAgent)) {
    return { reason: `sales_agent: "${salesAgent}" is not in sales_teams.csv` };
  }
  const rawProduct = text(row, 'product');
  const product = matchProduct(rawProduct, refs.products);
  if (!product) return { reason: `product: "${rawProduct}" is not in products.csv` };
  if (product.name !== rawProduct) {
    const rule = 'product-alias';
    corrections.push({ field: 'product', from: rawProduct, to: product.name, rule });
  }

  const deal: Deal = { id, product: product.name, salesAgent, stage: stage as Deal['stage'] };
  const accountName = text(row, 'account');
  if (accountName) {
    const accountId = accountIdFromName(accountName);
    if (refs.accountIds.has(accountId)) deal.accountId = accountId;
    else {
      corrections.push({
        field: 'account',
        from: accountName,
        to: null,
        rule: 'unknown-account-unlinked',
      });
    }
  }

  const problem = readDealDates(row, deal, corrections);
  return problem ? { reason: problem } : { record: deal, corrections };
}

/** Fills the dates and close value of `deal`; returns a reason to reject, if any. */
function readDealDates(row: Row, deal: Deal, corrections: Correction[]): string | undefined {
  const engage = readDate(text(row, 'engage_date'));
  const close = readDate(text(row, 'close_date'));
  const rawValue = text(row, 'close_value');
  if (engage === 'invalid') return `engage_date: "${text(row, 'engage_date')}" is not a date`;
  if (close === 'invalid') return `close_date: "${text(row, 'close_date')}" is not a date`;
  if (engage) deal.engageDate = engage;

  const closed = deal.stage === 'Won' || deal.stage === 'Lost';
  if (!closed) {
    if (close || rawValue) {
      corrections.push({
        field: 'close_date/close_value',
        from: [close, rawValue].filter(Boolean).join(' / '),
        to: null,
        rule: 'open-deal-close-dropped',
      });
    }
    return undefined;
  }
  if (!close) return `close_date: empty on a ${deal.stage} deal`;
  if (engage && close < engage) return `close_date: ${close} is before engage_date ${engage}`;
  const value = Number(rawValue);
  if (rawValue === '' || !Number.isFinite(value) || value < 0) {
    return `close_value: "${rawValue}" is not a non-negative number on a ${deal.stage} deal`;
  }
  deal.closeDate = close;
  deal.closeValue = value;
  return undefined;
}
