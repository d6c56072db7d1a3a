import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import type { CrmData } from '../commons/crm-store.js';
import { InputError } from '../commons/errors.js';
import type { Account } from '../commons/sales-model.js';
import { normalizeAccountRecord } from '../intelligence/account-normalizer.js';
import {
  crmFiles,
  readAgentRow,
  readDealRow,
  readProductRow,
  requiredColumns,
  type CrmFile,
  type Correction,
  type RowResult,
} from './crm-rows.js';

/**
 * Reads a CRM export (accounts, products, sales teams, pipeline as CSV) into
 * CrmData. Every row is accepted, accepted with corrections, or rejected
 * with a reason and its line; nothing disappears without a trace.
 */

/** How the rows of one file fared. */
export interface FileCounts {
  rows: number;
  accepted: number;
  corrected: number;
  rejected: number;
}

/** What the import did, row by row where it mattered. */
export interface ImportSummary {
  /** Rows taken as they were. */
  accepted: number;
  /** Rows taken after one or more corrections. */
  corrected: number;
  rejected: number;
  byFile: Record<CrmFile, FileCounts>;
  /** `row` is the 1-based line of the file; the header is line 1. */
  rejections: { file: CrmFile; row: number; reason: string }[];
  corrections: ({ file: CrmFile; row: number } & Correction)[];
  /** Pipeline rows kept with no account, as the export has them. */
  dealsWithoutAccount: number;
}

/** An import's result: the data to write and the account of what was done. */
export interface CrmImport {
  data: CrmData;
  summary: ImportSummary;
}

/** Rules the account normalizer applies that only restate a value's type. */
const restatingRules = new Set([
  'id-from-name',
  'number-from-text',
  'revenue-text-already-millions',
  'parent-id-from-name',
]);

interface Line {
  line: number;
  row: Record<string, string | undefined>;
}

function parseCsv(file: CrmFile, content: string): Line[] {
  let header: string[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(content, {
      columns: (names: string[]) => (header = names.map((h) => h.trim())),
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
      info: true,
    });
  } catch (error) {
    const where = error instanceof CsvError && error.lines ? ` at line ${error.lines}` : '';
    throw new InputError(`${file}: unreadable CSV${where}`, [
      { field: file, problem: `unreadable CSV${where}` },
    ]);
  }
  const absent = requiredColumns[file].filter((c) => !header.includes(c));
  if (absent.length > 0) {
    throw new InputError(`${file}: missing column ${absent.join(', ')}`, [
      { field: file, problem: `missing column ${absent.join(', ')}` },
    ]);
  }
  return records.map(({ record, info }) => ({ line: info.lines, row: record }));
}

class Tally {
  readonly summary: ImportSummary;

  constructor() {
    const counts = () => ({ rows: 0, accepted: 0, corrected: 0, rejected: 0 });
    this.summary = {
      accepted: 0,
      corrected: 0,
      rejected: 0,
      byFile: Object.fromEntries(crmFiles.map((f) => [f, counts()])) as Record<CrmFile, FileCounts>,
      rejections: [],
      corrections: [],
      dealsWithoutAccount: 0,
    };
  }

  /** Counts one row's result; gives the record when the row was taken. */
  take<T>(file: CrmFile, line: number, result: RowResult<T>): T | undefined {
    const counts = this.summary.byFile[file];
    counts.rows += 1;
    if ('reason' in result) {
      counts.rejected += 1;
      this.summary.rejected += 1;
      this.summary.rejections.push({ file, row: line, reason: result.reason });
      return undefined;
    }
    const kind = result.corrections.length > 0 ? 'corrected' : 'accepted';
    counts[kind] += 1;
    this.summary[kind] += 1;
    for (const c of result.corrections) this.summary.corrections.push({ file, row: line, ...c });
    return result.record;
  }

  /** Adds a correction found after the row was counted, recounting it if it was clean. */
  correctLater(file: CrmFile, line: number, correction: Correction): void {
    const known = this.summary.corrections.some((c) => c.file === file && c.row === line);
    if (!known) {
      const counts = this.summary.byFile[file];
      counts.accepted -= 1;
      counts.corrected += 1;
      this.summary.accepted -= 1;
      this.summary.corrected += 1;
    }
    this.summary.corrections.push({ file, row: line, ...correction });
  }
}

/** Reads every row, rejecting a repeated key; gives the records and the line of each key. */
function firstOfEach<T>(
  tally: Tally,
  file: CrmFile,
  lines: Line[],
  read: (row: Line['row']) => RowResult<T>,
  key: (record: T) => string,
): { records: T[]; lineOf: Map<string, number> } {
  const lineOf = new Map<string, number>();
  const records: T[] = [];
  for (const { line, row } of lines) {
    let result = read(row);
    if (!('reason' in result)) {
      const first = lineOf.get(key(result.record));
      if (first !== undefined) result = { reason: `duplicate of line ${first}` };
      else lineOf.set(key(result.record), line);
    }
    const record = tally.take(file, line, result);
    if (record) records.push(record);
  }
  return { records, lineOf };
}

function readAccountRow(row: Line['row']): RowResult<Account> {
  try {
    const { account, transformations } = normalizeAccountRecord(row);
    const corrections = transformations.filter((t) => !restatingRules.has(t.rule));
    return {
      record: account,
      corrections: corrections.map((t) => ({ ...t, from: scalar(t.from), to: scalar(t.to) })),
    };
  } catch (error) {
    if (error instanceof InputError) return { reason: 'account: empty' };
    throw error;
  }
}

function scalar(value: unknown): string | number | null {
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}

/** Links each account to its parent, unlinking (and reporting) parents not imported. */
function checkParents(accounts: Account[], lines: Map<string, number>, tally: Tally): void {
  const ids = new Set(accounts.map((a) => a.id));
  for (const account of accounts) {
    if (!account.parentId || ids.has(account.parentId)) continue;
    tally.correctLater('accounts.csv', lines.get(account.id) ?? 0, {
      field: 'subsidiary_of',
      from: account.parentId,
      to: null,
      rule: 'unknown-parent-unlinked',
    });
    delete account.parentId;
  }
}

/** Imports CSV contents by file name; pure, for tests and for the CLI. */
export function importCrmFiles(contents: Record<CrmFile, string>): CrmImport {
  const tally = new Tally();
  const lines = Object.fromEntries(
    crmFiles.map((file) => [file, parseCsv(file, contents[file])]),
  ) as Record<CrmFile, Line[]>;
  const readFile = <T>(
    file: CrmFile,
    read: (row: Line['row']) => RowResult<T>,
    key: (record: T) => string,
  ) => firstOfEach(tally, file, lines[file], read, key);

  const products = readFile('products.csv', readProductRow, (p) => p.name).records;
  const salesAgents = readFile('sales_teams.csv', readAgentRow, (a) => a.name).records;
  const accounts = readFile('accounts.csv', readAccountRow, (a) => a.id);
  checkParents(accounts.records, accounts.lineOf, tally);

  const refs = {
    products,
    agentNames: new Set(salesAgents.map((a) => a.name)),
    accountIds: new Set(accounts.records.map((a) => a.id)),
  };
  const deals = readFile(
    'sales_pipeline.csv',
    (row) => readDealRow(row, refs),
    (d) => d.id,
  );
  tally.summary.dealsWithoutAccount = deals.records.filter((d) => !d.accountId).length;
  return {
    data: { accounts: accounts.records, deals: deals.records, salesAgents, products },
    summary: tally.summary,
  };
}

/** Reads the four CSV files of `dir` and imports them. */
export async function importCrmExport(dir: string): Promise<CrmImport> {
  const contents = {} as Record<CrmFile, string>;
  for (const file of crmFiles) {
    try {
      contents[file] = await readFile(join(dir, file), 'utf8');
    } catch {
      throw new InputError(`${file}: not found or unreadable in ${dir}`, [
        { field: file, problem: `not found or unreadable in ${dir}` },
      ]);
    }
  }
  return importCrmFiles(contents);
}
