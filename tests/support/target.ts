import { readStackOutputs } from '../../infra/deploy/stack-outputs.js';
import { ApiClient, startTestStack } from './local-stack.js';

/**
 * Which cugar-sales an end-to-end suite talks to, chosen by CUGAR_TARGET:
 *
 * - `local` (the default): a local stack started in this process.
 * - `outputs:<file>`: a deployed stack, at the ApiUrl of a `cdk deploy
 *   --outputs-file` file. A Cognito stage takes a bearer token from
 *   CUGAR_API_TOKEN. Known shortcoming: requests are not SigV4-signed, so an
 *   `iam` stage answers 403 to the caller routes.
 */

/** The target as CUGAR_TARGET names it. */
export type Target = { kind: 'local' } | { kind: 'deployed'; apiUrl: string; token?: string };

/** Reads CUGAR_TARGET (and CUGAR_API_TOKEN for a deployed stack). */
export function resolveTarget(env: NodeJS.ProcessEnv = process.env): Target {
  const target = env.CUGAR_TARGET || 'local';
  if (target === 'local') return { kind: 'local' };
  if (target.startsWith('outputs:')) {
    const file = target.slice('outputs:'.length);
    if (!file) throw new Error('CUGAR_TARGET=outputs: needs a file, outputs:<cdk-outputs.json>');
    const { ApiUrl } = readStackOutputs(file);
    return { kind: 'deployed', apiUrl: ApiUrl.replace(/\/+$/, ''), token: env.CUGAR_API_TOKEN };
  }
  throw new Error(`CUGAR_TARGET '${target}': expected local or outputs:<cdk-outputs.json>`);
}

/** A client for the chosen target, and how to let it go when the suite ends. */
export interface OpenTarget {
  api: ApiClient;
  close(): Promise<void>;
}

/** Starts the local stack, or points at the deployed one. */
export async function openTarget(env: NodeJS.ProcessEnv = process.env): Promise<OpenTarget> {
  const target = resolveTarget(env);
  if (target.kind === 'deployed') {
    return { api: new ApiClient(target.apiUrl, target.token), close: async () => undefined };
  }
  const { stack, api } = await startTestStack();
  return { api, close: () => stack.close() };
}
