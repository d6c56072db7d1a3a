import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * The repository root, found from this file rather than the working directory,
 * so the app resolves the same paths under the CDK CLI and under the test runner.
 */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** An absolute path for a path given relative to the repository root. */
export function repoPath(relative: string): string {
  return path.join(repoRoot, relative);
}
