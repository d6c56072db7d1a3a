import { InputError } from '../commons/errors.js';
import { accountIdFromName, type Account } from '../commons/sales-model.js';
import { canonicalCountry, canonicalSector } from './vocabulary.js';

/**
 * Turns an account record from Salesforce, HubSpot, the CRM CSV export or
 * our own shape into an Account, reporting every change it makes. The same
 * logic serves the normalize-account tool and the CRM import, so a record
 * reads the same way whichever door it came in by.
 */

type Scalar = string | number | boolean | null;

/** One change made to one field, and the rule that made it. */
export interface Transformation {
  field: string;
  from: Scalar;
  to: Scalar;
  rule: string;
}

/** A normalized account with what was changed and what was not there. */
export interface NormalizedAccount {
  account: Account;
  transformations: Transformation[];
  /** The optional profile fields the record did not give, or gave unreadably. */
  missingFields: ProfileField[];
  /** 0-1: the share of profile fields present, less 0.05 per guessed correction. */
  confidence: number;
}

/** The profile fields that make an account useful to score. */
export const profileFields = [
  'sector',
  'revenueMillions',
  'employees',
  'country',
  'yearEstablished',
] as const;
export type ProfileField = (typeof profileFields)[number];

/** Rules that guess at what the source meant; each costs confidence. */
export const correctionRules = new Set(['sector-misspelling', 'country-misspelling']);

type Unit = 'millions' | 'dollars';

/** Source keys for each field, first match wins; revenue keys carry their unit. */
const sources = {
  name: ['name', 'Name', 'account', 'company', 'Company'],
  sector: ['sector', 'Industry', 'industry'],
  revenue: [
    ['revenueMillions', 'millions'],
    ['revenue', 'millions'],
    ['AnnualRevenue', 'dollars'],
    ['annualrevenue', 'dollars'],
  ] as [string, Unit][],
  employees: ['employees', 'NumberOfEmployees', 'numberofemployees'],
  country: ['country', 'BillingCountry', 'office_location', 'ShippingCountry'],
  yearEstablished: ['yearEstablished', 'year_established', 'YearStarted', 'founded_year'],
  parentName: ['subsidiary_of', 'parentName'],
  parentId: ['parentId', 'ParentId'],
} as const;

function firstPresent(record: Record<string, unknown>, keys: readonly string[]) {
  for (const key of keys) {
    const value = record[key];
    if (value !== undefined && value !== null && String(value).trim() !== '') {
      return { key, value };
    }
  }
  return undefined;
}

function asScalar(value: unknown): Scalar {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** "$50,000,000", "US$ 1.2bn", "1,100.04", "50M USD": a number, an optional suffix. */
const amountText = /^\s*(?:US)?\$?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(k|m|mm|b|bn)?\s*(?:usd)?\s*$/i;

const multipliers: Record<string, number> = { k: 1e3, m: 1e6, mm: 1e6, b: 1e9, bn: 1e9 };

/**
 * Reads "$50,000,000", "1,100.04", "50M" or a number as a number of the
 * given unit; a suffix (k, M, B) states the amount in dollars outright.
 */
function parseAmount(raw: unknown): { dollars?: number; plain?: number } | undefined {
  if (typeof raw === 'number') {
    return Number.isFinite(raw) && raw >= 0 ? { plain: raw } : undefined;
  }
  if (typeof raw !== 'string') return undefined;
  const match = amountText.exec(raw);
  if (!match?.[1]) return undefined;
  const number = Number(match[1].replace(/,/g, ''));
  const suffix = match[2]?.toLowerCase();
  if (!Number.isFinite(number)) return undefined;
  return suffix ? { dollars: number * (multipliers[suffix] ?? 1) } : { plain: number };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Normalizes one record; throws an InputError when it names no company. */
export function normalizeAccountRecord(record: Record<string, unknown>): NormalizedAccount {
  const transformations: Transformation[] = [];
  const missing: ProfileField[] = [];
  const note = (field: string, from: unknown, to: Scalar, rule: string) =>
    transformations.push({ field, from: asScalar(from), to, rule });

  const nameSource = firstPresent(record, sources.name);
  if (!nameSource || typeof nameSource.value !== 'string') {
    throw new InputError('the record names no company', [
      { field: 'record.name', problem: `give the company name in ${sources.name.join(', ')}` },
    ]);
  }
  const name = nameSource.value.trim().replace(/\s+/g, ' ');
  if (name !== nameSource.value) note('name', nameSource.value, name, 'whitespace-trimmed');

  const idSource = firstPresent(record, ['id']);
  const id = idSource ? String(idSource.value).trim() : accountIdFromName(name);
  if (!idSource) note('id', null, id, 'id-from-name');
  const account: Account = { id, name };

  const sector = firstPresent(record, sources.sector);
  if (sector && typeof sector.value === 'string') {
    const { value, rule } = canonicalSector(sector.value);
    account.sector = value;
    if (rule) note('sector', sector.value, value, `sector-${rule}`);
  } else {
    if (sector) note('sector', sector.value, null, 'unreadable-dropped');
    missing.push('sector');
  }

  readRevenue(record, account, note, missing);
  readInteger(record, 'employees', sources.employees, 0, 10_000_000, account, note, missing);

  const country = firstPresent(record, sources.country);
  if (country && typeof country.value === 'string') {
    const { value, rule } = canonicalCountry(country.value);
    account.country = value;
    if (rule) note('country', country.value, value, `country-${rule}`);
  } else {
    if (country) note('country', country.value, null, 'unreadable-dropped');
    missing.push('country');
  }

  const year = sources.yearEstablished;
  readInteger(record, 'yearEstablished', year, 1800, 2100, account, note, missing);
  readParent(record, account, note);

  const present = profileFields.length - missing.length;
  const guesses = transformations.filter((t) => correctionRules.has(t.rule)).length;
  const confidence = round2(Math.max(0, present / profileFields.length - 0.05 * guesses));
  return { account, transformations, missingFields: missing, confidence };
}

type Note = (field: string, from: unknown, to: Scalar, rule: string) => void;

function readRevenue(
  record: Record<string, unknown>,
  account: Account,
  note: Note,
  missing: ProfileField[],
): void {
  for (const [key, unit] of sources.revenue) {
    const raw = record[key];
    if (raw === undefined || raw === null || String(raw).trim() === '') continue;
    const amount = parseAmount(raw);
    if (!amount) {
      note('revenueMillions', raw, null, 'unreadable-dropped');
      break;
    }
    if (amount.dollars !== undefined) {
      account.revenueMillions = round2(amount.dollars / 1e6);
      note('revenueMillions', raw, account.revenueMillions, 'amount-with-suffix-to-millions');
    } else if (unit === 'dollars') {
      account.revenueMillions = round2((amount.plain ?? 0) / 1e6);
      note('revenueMillions', raw, account.revenueMillions, `${key}-dollars-to-millions`);
    } else {
      account.revenueMillions = amount.plain ?? 0;
      if (raw !== account.revenueMillions) {
        note('revenueMillions', raw, account.revenueMillions, `${key}-text-already-millions`);
      }
    }
    return;
  }
  missing.push('revenueMillions');
}

function readInteger(
  record: Record<string, unknown>,
  field: 'employees' | 'yearEstablished',
  keys: readonly string[],
  min: number,
  max: number,
  account: Account,
  note: Note,
  missing: ProfileField[],
): void {
  const source = firstPresent(record, keys);
  if (!source) {
    missing.push(field);
    return;
  }
  const amount = parseAmount(source.value);
  const value = amount?.plain;
  if (value === undefined || !Number.isInteger(value) || value < min || value > max) {
    note(field, source.value, null, 'unreadable-dropped');
    missing.push(field);
    return;
  }
  account[field] = value;
  if (source.value !== value) note(field, source.value, value, 'number-from-text');
}

function readParent(record: Record<string, unknown>, account: Account, note: Note): void {
  const byName = firstPresent(record, sources.parentName);
  if (byName && typeof byName.value === 'string') {
    account.parentId = accountIdFromName(byName.value);
    note('parentId', byName.value, account.parentId, 'parent-id-from-name');
    return;
  }
  const byId = firstPresent(record, sources.parentId);
  if (byId) account.parentId = String(byId.value).trim();
}
