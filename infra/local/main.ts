import './polyfills.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoCrmReader, writeCrmData } from '../../functions/commons/crm-store.js';
import { importCrmExport } from '../../functions/crm/import-crm.js';
import { failCampaignsLostInRestart, failRunsLostInRestart } from './reconcile.js';
import { startLocalStack } from './stack.js';

/**
 * `npm start`: the local stack on 127.0.0.1 with the fictional sample CRM
 * data loaded, and a request to paste. Approval links are printed as runs
 * ask for them.
 */

const sampleDir = fileURLToPath(new URL('./sample-crm', import.meta.url));

const usage = `usage: npm start -- [--port N] [--data-dir DIR] [--import DIR]
                    [--approval-timeout SECONDS] [--verbose]

  --port N                   port on 127.0.0.1 (default: $PORT or 3000; 0 picks a free one)
  --data-dir DIR             keep DynamoDB data in DIR across restarts (default: in memory)
  --import DIR               load this CRM export (the four CSV files) instead of the sample
  --approval-timeout SECONDS how long a run waits for a human (default 3600)
  --verbose                  print every function's structured logs`;

function options() {
  try {
    const { values } = parseArgs({
      options: {
        port: { type: 'string', default: process.env.PORT ?? '3000' },
        'data-dir': { type: 'string' },
        import: { type: 'string' },
        'approval-timeout': { type: 'string', default: '3600' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    const port = Number(values.port);
    const timeout = Number(values['approval-timeout']);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new Error(`--port must be a whole number from 0 to 65535, not ${values.port}`);
    }
    if (!Number.isInteger(timeout) || timeout < 1) {
      throw new Error(
        `--approval-timeout must be a whole number of seconds, not ${values['approval-timeout']}`,
      );
    }
    return {
      port,
      timeout,
      dataDir: values['data-dir'],
      importDir: values.import,
      verbose: values.verbose,
    };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    process.exit(2);
  }
}

/**
 * A secret kept in a file of the state directory, made on first start: the
 * approval-link signing key and the API token survive restarts, and so do the
 * links and scripts that use them.
 */
function secretFile(stateDir: string, name: string): string {
  const file = join(stateDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(stateDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** The local table names, for a user who points a tool at the local DynamoDB. */
function tableList(stack: { dynamodb: { tableNames: Record<string, string> } }): string {
  return Object.values(stack.dynamodb.tableNames).join(', ');
}

/**
 * Loads the CRM data the stack starts with: the export given with --import,
 * or the fictional sample unless a kept data directory holds accounts already.
 */
async function loadCrmData(importDir: string | undefined) {
  if (!importDir) {
    const kept = await new DynamoCrmReader().allAccounts();
    if (kept.length > 0) {
      return {
        description: `${kept.length} accounts kept from earlier starts`,
        exampleAccountId: kept.some((a) => a.id === 'northwind-outfitters')
          ? 'northwind-outfitters'
          : (kept[0]?.id ?? 'northwind-outfitters'),
      };
    }
  }
  const { data, summary } = await importCrmExport(resolve(importDir ?? sampleDir));
  await writeCrmData(data);
  const counts =
    `${data.accounts.length} accounts, ${data.deals.length} deals, ` +
    `${data.salesAgents.length} sales agents`;
  return {
    description: importDir
      ? `${counts} from ${importDir} (rows accepted ${summary.accepted}, corrected ` +
        `${summary.corrected}, rejected ${summary.rejected})`
      : `${counts} (fictional sample)`,
    exampleAccountId: importDir ? (data.accounts[0]?.id ?? '') : 'northwind-outfitters',
  };
}

async function main(): Promise<void> {
  const { port, timeout, dataDir, importDir, verbose } = options();
  const stateDir = resolve(dataDir ?? '.local');
  const apiToken = process.env.CUGAR_API_TOKEN || secretFile(stateDir, 'api-token');
  const stack = await startLocalStack({
    port,
    dataDir: dataDir && resolve(dataDir),
    approvalTimeoutSeconds: timeout,
    signingKey: secretFile(stateDir, 'approval-signing.key'),
    apiToken,
    logLevel: verbose ? 'INFO' : 'ERROR',
    metrics: verbose,
    onApprovalRequested: ({ url }) => process.stdout.write(`\nApproval needed: open ${url}\n`),
  });

  const lost = dataDir ? await failRunsLostInRestart() : 0;
  const lostCampaigns = dataDir ? await failCampaignsLostInRestart() : 0;
  const crm = await loadCrmData(importDir);

  const example = JSON.stringify({
    goal: 'Prioritize this account, draft outreach and qualify the deal',
    accountId: crm.exampleAccountId,
    contact: { name: 'Dana Reyes', email: 'dana.reyes@northwind.example', title: 'VP Operations' },
  });
  process.stdout.write(
    [
      'cugar-sales local stack',
      `  API          ${stack.apiUrl}`,
      `  Dashboard    ${stack.apiUrl}/  (runs, golden signals, approvals; loopback only)`,
      `  OpenAPI      ${stack.apiUrl}/openapi.json`,
      `  CRM data     ${crm.description}`,
      `  Data         ${dataDir ? `kept in ${dataDir}` : 'in memory (--data-dir DIR keeps it)'}`,
      `  DynamoDB     ${stack.dynamodb.endpoint}  (tables ${tableList(stack)})`,
      ...(lost + lostCampaigns > 0
        ? [
            `  Restarted    ${lost} run(s) and ${lostCampaigns} campaign(s) in flight when the ` +
              'stack stopped are marked FAILED',
          ]
        : []),
      `  Approvals    time out after ${timeout} s`,
      `  API token    ${apiToken}  (${
        process.env.CUGAR_API_TOKEN
          ? 'from CUGAR_API_TOKEN'
          : `kept in ${join(stateDir, 'api-token')}`
      })`,
      '',
      'Start a run:',
      `  export CUGAR_API_TOKEN=${apiToken}`,
      `  curl -s -X POST ${stack.apiUrl}/runs -H "authorization: Bearer $CUGAR_API_TOKEN" \\`,
      `    -H 'content-type: application/json' \\`,
      `    -d '${example}'`,
      'Then follow it:',
      `  curl -s -H "authorization: Bearer $CUGAR_API_TOKEN" ${stack.apiUrl}/runs/<runId>`,
      '',
      'Ctrl-C stops the stack.',
      '',
    ].join('\n'),
  );

  const stop = async () => {
    await stack.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`the local stack could not start: ${error.message}\n`);
  process.exit(1);
});
