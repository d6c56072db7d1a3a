import { resolve } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { Command } from 'commander';
import { writeCrmData, type CrmData } from '../../functions/commons/crm-store.js';
import { InputError } from '../../functions/commons/errors.js';
import { importCrmExport, type ImportSummary } from '../../functions/crm/import-crm.js';

/**
 * `npm run import -- --dir <path> [--endpoint URL] [--table NAME] [--dry-run]`:
 * reads a CRM export, writes it to the CRM table and prints what it accepted,
 * corrected and rejected. Bad input ends with one line naming the file or
 * field and exit code 1, never a stack trace.
 */

interface Options {
  dir: string;
  endpoint?: string;
  table?: string;
  dryRun?: boolean;
}

const program = new Command()
  .name('import-crm')
  .description('Import a CRM export (accounts, products, sales teams, pipeline) into DynamoDB')
  .requiredOption('--dir <path>', 'directory holding the four CSV files')
  .option('--endpoint <url>', 'DynamoDB endpoint (default: $DYNAMODB_ENDPOINT, else AWS)')
  .option('--table <name>', 'CRM table name (default: $CRM_TABLE, else cugar-crm)')
  .option('--dry-run', 'read and check the files, write nothing');

function configure(options: Options): void {
  if (options.endpoint) process.env.DYNAMODB_ENDPOINT = options.endpoint;
  if (options.table) process.env.CRM_TABLE = options.table;
  // A local endpoint (dynalite, LocalStack) still wants a region and some key.
  if (process.env.DYNAMODB_ENDPOINT) {
    process.env.AWS_REGION ??= 'us-east-1';
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  }
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

async function main(argv: string[]): Promise<void> {
  const options = program.parse(argv).opts<Options>();
  configure(options);
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

main(process.argv).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const where =
    error instanceof InputError ? '' : ` (DynamoDB ${process.env.DYNAMODB_ENDPOINT ?? 'on AWS'})`;
  process.stderr.write(`import-crm: ${message.split('\n')[0]}${where}\n`);
  process.exitCode = 1;
});
