import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLine, parseCdkRequest, type CdkRequest } from '../../infra/deploy/cdk-command.js';
import { localStackEndpoint, localStackProblem } from '../../infra/deploy/localstack.js';

const run = promisify(execFile);
const repoRoot = new URL('../../', import.meta.url).pathname;

/** The command line `npm run <script> -- <args>` would run, parsed without CUGAR_STAGE. */
function printed(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  return commandLine(parseCdkRequest(argv, env).invocation);
}

describe('the cdk command of a stage', () => {
  it('deploys the staging stack with its stage as context, its outputs file and the rest', () => {
    expect(printed(['deploy', '--stage', 'staging', '--require-approval', 'never'])).toBe(
      'npx cdk deploy CugarSales-staging -c stage=staging ' +
        '--outputs-file cdk-outputs.staging.json --require-approval never',
    );
  });

  it('diffs and synthesizes one stack, with no outputs file', () => {
    expect(printed(['diff', '--stage=prod'])).toBe('npx cdk diff CugarSales-prod -c stage=prod');
    expect(printed(['synth', '--quiet', '--stage', 'staging'])).toBe(
      'npx cdk synth CugarSales-staging -c stage=staging --quiet',
    );
  });

  it('takes the stage from CUGAR_STAGE when none is given, then dev', () => {
    expect(printed(['diff'], { CUGAR_STAGE: 'staging' })).toBe(
      'npx cdk diff CugarSales-staging -c stage=staging',
    );
    expect(printed(['diff'])).toBe('npx cdk diff CugarSales-dev -c stage=dev');
  });

  it('keeps an outputs file the caller names, and quotes what a shell would split', () => {
    expect(printed(['deploy', '-O', 'out/my outputs.json', '--hotswap'])).toBe(
      "npx cdk deploy CugarSales-dev -c stage=dev -O 'out/my outputs.json' --hotswap",
    );
  });

  it('runs cdklocal for LocalStack, and bootstraps without naming a stack', () => {
    expect(printed(['deploy', '--localstack', '--stage', 'dev'])).toBe(
      'npx cdklocal deploy CugarSales-dev -c stage=dev --outputs-file cdk-outputs.dev.json',
    );
    expect(printed(['bootstrap', '--localstack'])).toBe('npx cdklocal bootstrap -c stage=dev');
  });

  it('tells print and LocalStack requests apart from plain ones', () => {
    const request: CdkRequest = parseCdkRequest(['deploy', '--print', '--localstack'], {});

    expect([request.action, request.stage, request.print, request.localstack]).toEqual([
      'deploy',
      'dev',
      true,
      true,
    ]);
  });

  it.each([
    [['deploy', '--stage', 'production'], "argument 'production' is invalid"],
    [['destroy'], "command-argument value 'destroy' is invalid"],
    [['deploy', '-c', 'stage=prod'], 'give the stage as --stage, not as -c stage='],
    [['deploy', '--context=stage=prod'], 'give the stage as --stage, not as -c stage='],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCdkRequest(argv, {})).toThrow(message);
  });

  it('prints the command through npm run and runs nothing', async () => {
    const args = ['run', '-s', 'deploy', '--', '--stage', 'staging', '--require-approval'];
    const { stdout } = await run('npm', [...args, 'never', '--print'], { cwd: repoRoot });

    expect(stdout).toBe(
      'npx cdk deploy CugarSales-staging -c stage=staging ' +
        '--outputs-file cdk-outputs.staging.json --require-approval never\n',
    );
  }, 60_000);

  it('runs the dev stage through cdklocal for npm run deploy:localstack', async () => {
    const args = ['run', '-s', 'deploy:localstack', '--', '--print'];
    const { stdout } = await run('npm', args, { cwd: repoRoot });

    expect(stdout).toBe(
      'npx cdklocal deploy CugarSales-dev -c stage=dev --outputs-file cdk-outputs.dev.json\n',
    );
  }, 60_000);
});

describe('the LocalStack check', () => {
  let healthy: Server;
  let healthyUrl: string;
  let closedUrl: string;

  beforeAll(async () => {
    healthy = createServer((request, response) => {
      const ok = request.url === '/_localstack/health';
      response.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
      response.end(ok ? '{"services":{"lambda":"running"}}' : '{}');
    });
    await new Promise<void>((resolve) => healthy.listen(0, '127.0.0.1', resolve));
    healthyUrl = `http://127.0.0.1:${(healthy.address() as AddressInfo).port}`;

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => healthy.close(resolve));
  });

  it('finds no problem when the health endpoint answers', async () => {
    expect(await localStackProblem(healthyUrl)).toBeUndefined();
  });

  it('says where it looked and what to do when nothing listens', async () => {
    expect(await localStackProblem(closedUrl)).toBe(
      `LocalStack is not reachable at ${closedUrl} (ECONNREFUSED). Start it first ` +
        '(`localstack start -d`, which needs Docker), or set AWS_ENDPOINT_URL and ' +
        'AWS_ENDPOINT_URL_S3 to where it listens.',
    );
  });

  it('looks where cdklocal looks: AWS_ENDPOINT_URL, else localhost:4566', () => {
    expect(localStackEndpoint({ AWS_ENDPOINT_URL: 'http://ls.internal:4566/' })).toBe(
      'http://ls.internal:4566',
    );
    expect(localStackEndpoint({})).toBe('http://localhost:4566');
  });

  it('exits 1 with one line, not a stack trace, when LocalStack is not there', async () => {
    const env = { ...process.env, AWS_ENDPOINT_URL: closedUrl, AWS_ENDPOINT_URL_S3: closedUrl };
    const failure = await run('npx', ['tsx', 'infra/deploy/cdk.ts', 'deploy', '--localstack'], {
      cwd: repoRoot,
      env,
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);

    expect(failure).toMatchObject({ code: 1, stdout: '' });
    expect((failure as { stderr: string }).stderr).toBe(
      `LocalStack is not reachable at ${closedUrl} (ECONNREFUSED). Start it first ` +
        '(`localstack start -d`, which needs Docker), or set AWS_ENDPOINT_URL and ' +
        'AWS_ENDPOINT_URL_S3 to where it listens.\n',
    );
  }, 60_000);
});
