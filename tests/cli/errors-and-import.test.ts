import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCrmExport } from '../../functions/crm/import-crm.js';
import type { LocalStack } from '../../infra/local/stack.js';
import { startTestStack, type ApiClient } from '../support/local-stack.js';
import { runCli, runCommand } from './cli-process.js';

/**
 * What the CLI says when something is wrong: one line on stderr and exit 1
 * for what the API or the input refused, commander's usage message and exit 2
 * for a wrong command line, never a stack trace. And `import`, folded into
 * the CLI, still reachable as `npm run import`.
 */

let stack: LocalStack;
let api: ApiClient;
let env: Record<string, string>;

const sampleDir = fileURLToPath(new URL('../../infra/local/sample-crm', import.meta.url));

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  ({ stack, api } = await startTestStack());
  env = { CUGAR_API_URL: stack.apiUrl, CUGAR_API_TOKEN: api.token as string };
});

afterAll(async () => {
  await stack.close();
});

describe('CLI errors', () => {
  it('an unknown run: the API message, status and code, exit 1', async () => {
    const result = await runCli(['run', 'show', 'run_missing'], env);

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'cugar: no run with id run_missing (404 not_found)\n',
    });
  });

  it('an unknown account: the API message and the field it names, exit 1', async () => {
    const result = await runCli(
      ['run', 'start', '--goal', 'Draft outreach', '--account-id', 'nobody'],
      env,
    );

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'cugar: no imported account has the id or name nobody ' +
        '(400 invalid_request; field accountId)\n',
    });
  });

  it('a request the API refuses field by field: each field once, exit 1', async () => {
    const result = await runCli(
      ['run', 'start', '--goal', 'Hi', '--account-id', 'x', '--contact-email', 'dana@x.example'],
      env,
    );

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'cugar: invalid request body: goal: Too small: expected string to have >=3 characters; ' +
        'contact.name: Invalid input: expected string, received undefined (400 invalid_request)\n',
    });
  });

  it('a wrong token: the API refusal, exit 1', async () => {
    const result = await runCli(['--token', 'wrong', 'run', 'list'], env);

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'cugar: send Authorization: Bearer <token> (401 unauthorized)\n',
    });
  });

  it('an API URL nothing answers at: the URL and the reason, exit 1', async () => {
    const port = await closedPort();

    const result = await runCli(['--url', `http://127.0.0.1:${port}`, 'run', 'list'], env);

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `cugar: cannot reach the API at http://127.0.0.1:${port}/runs: ECONNREFUSED\n`,
    });
  });

  it('an API URL that is no URL, from the environment: exit 1', async () => {
    const result = await runCli(['run', 'list'], { ...env, CUGAR_API_URL: 'localhost 3000' });

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'cugar: the API URL "localhost 3000" is not a URL\n',
    });
  });

  it('run start without --goal: commander usage error, exit 2', async () => {
    const result = await runCli(['run', 'start', '--account-id', 'northwind-outfitters'], env);

    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: required option '--goal <text>' not specified\n(add --help for usage)\n",
    });
  });

  it('run start without an account: usage error, exit 2', async () => {
    const result = await runCli(['run', 'start', '--goal', 'Draft outreach'], env);

    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: give --account-id or --account-file\n(add --help for usage)\n',
    });
  });

  it('a bad option value and an unknown command: usage errors, exit 2', async () => {
    const limit = await runCli(['run', 'list', '--limit', '0'], env);
    const unknown = await runCli(['runs'], env);

    expect(limit).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "error: option '--limit <n>' argument '0' is invalid. " +
        'must be a whole number of at least 1\n(add --help for usage)\n',
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toBe("error: unknown command 'runs'");
  });

  it('an account file that does not exist: exit 1', async () => {
    const result = await runCli(
      ['run', 'start', '--goal', 'Draft outreach', '--account-file', '/nonexistent/account.json'],
      env,
    );

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'cugar: cannot read /nonexistent/account.json: ENOENT\n',
    });
  });

  it('a decision on a forged link: the API refusal, exit 1', async () => {
    const forged = `${stack.apiUrl}/approvals/apr_x?exp=9999999999&sig=forged`;

    const result = await runCli(['approve', forged], env);

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'cugar: this approval link is not valid (403 invalid_signature)\n',
    });
  });
});

describe('import, folded into the CLI', () => {
  it('writes the sample CRM export to the CRM table, where runs find its accounts', async () => {
    const table = stack.dynamodb.tableNames.CRM_TABLE as string;
    const { summary } = await importCrmExport(sampleDir);

    const result = await runCli([
      'import',
      '--dir',
      'infra/local/sample-crm',
      '--endpoint',
      stack.dynamodb.endpoint,
      '--table',
      table,
    ]);

    const start = await runCli(
      ['run', 'start', '--goal', 'Draft outreach', '--account-id', 'northwind-outfitters'],
      env,
    );

    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout.split('\n')[0]).toBe(
      `accepted ${summary.accepted}, corrected ${summary.corrected}, rejected ${summary.rejected}`,
    );
    expect(result.stdout.trimEnd().split('\n').pop()).toMatch(
      new RegExp(`^wrote [1-9]\\d* items to ${table}$`),
    );
    expect({ code: start.code, stderr: start.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('npm run import is the same command', async () => {
    const result = await runCommand('npm', [
      'run',
      '--silent',
      'import',
      '--',
      '--dir',
      'infra/local/sample-crm',
      '--dry-run',
    ]);

    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout.trimEnd().split('\n').pop()).toBe('dry run: nothing written');
  });

  it('a directory without the export: the file it misses, exit 1', async () => {
    const result = await runCli(['import', '--dir', 'tests/cli', '--dry-run']);

    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(
      /^cugar: import: \w+\.csv: not found or unreadable in \/\S+\/tests\/cli\n$/,
    );
  });
});
