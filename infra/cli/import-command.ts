import { resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { CrmData } from '../../functions/commons/crm-store.js';
import type { ImportSummary } from '../../functions/crm/import-crm.js';
import { CliError } from './api-client.js';

/**
 * `import --dir <path> [--endpoint URL] [--table NAME] [--dry-run]` (also
 * `npm run import`): reads a CRM export, writes it to the CRM table and
 * prints what it accepted, corrected and rejected. It talks to DynamoDB, not
 * to the API, so `--url` and `--token` do not apply.
 */

interface ImportOptions {
  dir: string;
  endpoint?: string;
  table?: string;
  dryRun?: boolean;
}

/** Adds `import` to `program`. */
export function addImportCommand(program: Command): void {
  program
    .command('import')
    .description('import a CRM export (accounts, products, sales teams, pipeline) into DynamoDB')
    .requiredOption('--dir <path>', 'directory holding the four CSV files')
    .option('--endpoint <url>', 'DynamoDB endpoint (default: $DYNAMODB_ENDPOINT, else AWS)')
    .option('--table <name>', 'CRM table name (default: $CRM_TABLE, else cugar-crm)')
    .option('--dry-run', 'read and check the files, write nothing')
    .action(async (options: ImportOptions) => {
      configure(options);
      try {
        await importExport(options);
      } catch (error) {
        throw await importError(error);
      }
    });
}

function configure(options: ImportOptions): void {
  if (options.endpoint) process.env.DYNAMODB_ENDPOINT = options.endpoint;
  if (options.table) process.env.CRM_TABLE = options.table;
  // A local endpoint (dynalite, LocalStack) still wants a region and some key.
  if (process.env.DYNAMODB_ENDPOINT) {
    process.env.AWS_REGION ??= 'us-east-1';
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  }
}

async function importExport(options: ImportOptions): Promise<void> {
  // Loaded here, so that the API commands do not load the AWS SDK.
  const { importCrmExport } = await import('../../functions/crm/import-crm.js');
  const { data, summary } = await importCrmExport(resolve(options.dir));
  process.stdout.write(describeSummary(summary));
  if (options.dryRun) {
    process.stdout.write('dry run: nothing written\n');
    return;
  }
  const written = await write(data);
  const table = process.env.CRM_TABLE ?? 'cugar-crm';
  process.stdout.write(`wrote ${written} items to ${table}\n`);
}

/** Bad input is named by file or field; anything else also names the DynamoDB it wrote to. */
async function importError(error: unknown): Promise<CliError> {
  const { InputError } = await import('../../functions/commons/errors.js');
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  const where =
    error instanceof InputError ? '' : ` (DynamoDB ${process.env.DYNAMODB_ENDPOINT ?? 'on AWS'})`;
  return new CliError(`import: ${message}${where}`);
}

function describeSummary(summary: ImportSummary): string {
  const lines = [
    `accepted ${summary.accepted}, corrected ${summary.corrected}, rejected ${summary.rejected}`,
    ...Object.entries(summary.byFile).map(
      ([file, c]) =>
        `  ${file.padEnd(20)} ${c.rows} rows: ${c.accepted} accepted, ` +
        `${c.corrected} corrected, ${c.rejected} rejected`,
    ),
    `  deals without an account: ${summary.dealsWithoutAccount}`,
  ];
  const rules = new Map<string, number>();
  for (const c of summary.corrections) {
    const key = `${c.file} ${c.field}: ${c.rule}`;
    rules.set(key, (rules.get(key) ?? 0) + 1);
  }
  if (rules.size > 0) lines.push('corrections:');
  for (const [rule, count] of rules) lines.push(`  ${rule} (${count})`);
  if (summary.rejections.length > 0) lines.push('rejections:');
  for (const r of summary.rejections.slice(0, 50)) {
    lines.push(`  ${r.file} line ${r.row}: ${r.reason}`);
  }
  if (summary.rejections.length > 50) {
    lines.push(`  ... and ${summary.rejections.length - 50} more`);
  }
  return lines.join('\n') + '\n';
}

async function write(data: CrmData): Promise<number> {
  const { writeCrmData } = await import('../../functions/commons/crm-store.js');
  const bar = process.stdout.isTTY
    ? new SingleBar({ format: 'writing {bar} {value}/{total} items' }, Presets.shades_classic)
    : undefined;
  try {
    return await writeCrmData(data, (written, total) => {
      if (written <= 25) bar?.start(total, 0);
      bar?.update(written);
    });
  } finally {
    bar?.stop();
  }
}
