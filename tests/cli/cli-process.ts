import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs the real CLI as a user would, in a child process without a terminal
 * (so the progress display is plain lines), and collects what it printed.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));

/** How the process ended and all it printed. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * What a user's shell would hand the CLI: not the test process's environment,
 * which the in-process local stack fills with its endpoints, tables and
 * Lambda settings.
 */
function userEnvironment(env: Record<string, string>): NodeJS.ProcessEnv {
  const { PATH, HOME, TMPDIR } = process.env;
  return { PATH, HOME, TMPDIR, NODE_NO_WARNINGS: '1', ...env };
}

/**
 * `tsx infra/cli/main.ts ...args` from the repository root, with `env` as
 * the only settings beyond PATH and HOME: the API URL and token among them.
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runCommand('node_modules/.bin/tsx', ['infra/cli/main.ts', ...args], env);
}

/** Any command from the repository root, in the environment `runCli` gives the CLI. */
export function runCommand(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      env: userEnvironment(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
