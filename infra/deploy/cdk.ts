import { spawnSync } from 'node:child_process';
import { repoRoot } from '../stack/repo-paths.js';
import { CdkUsageError, commandLine, parseCdkRequest } from './cdk-command.js';
import { localStackEndpoint, localStackProblem } from './localstack.js';

/**
 * `npm run deploy|diff|synth` and `npm run deploy:localstack`: runs cdk for
 * one stage (see cdk-command.ts for the arguments). `--print` shows the exact
 * command and runs nothing, which is all that can run without an account.
 */
async function main(argv: string[]): Promise<number> {
  let request;
  try {
    request = parseCdkRequest(argv);
  } catch (error) {
    if (!(error instanceof CdkUsageError)) throw error;
    console.error(`${error.message}\n`);
    console.error(
      'usage: npm run deploy|diff|synth -- [--stage dev|staging|prod] [--print] ' +
        '[cdk options...]',
    );
    return 2;
  }

  const line = commandLine(request.invocation);
  if (request.print) {
    console.log(line);
    return 0;
  }

  if (request.localstack) {
    const problem = await localStackProblem(localStackEndpoint());
    if (problem) {
      console.error(problem);
      return 1;
    }
  }

  console.error(`> ${line}`);
  const { command, args } = request.invocation;
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.error) {
    console.error(`could not start ${command}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

process.exitCode = await main(process.argv.slice(2));
