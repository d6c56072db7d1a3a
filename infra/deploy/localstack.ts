/**
 * Whether LocalStack answers before cdklocal is started, so a missing
 * LocalStack is one clear line rather than a stack trace from deep in the CDK.
 */

/** LocalStack's edge endpoint: AWS_ENDPOINT_URL as cdklocal reads it, else its default. */
export function localStackEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return (env.AWS_ENDPOINT_URL || 'http://localhost:4566').replace(/\/+$/, '');
}

/** Undefined when LocalStack's health endpoint answers; otherwise what to tell the user. */
export async function localStackProblem(
  endpoint: string,
  timeoutMs = 3_000,
): Promise<string | undefined> {
  let reason: string;
  try {
    const response = await fetch(`${endpoint}/_localstack/health`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.ok) return undefined;
    reason = `its health check answered ${response.status}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    reason = cause ?? (error as Error).name;
  }
  return (
    `LocalStack is not reachable at ${endpoint} (${reason}). Start it first ` +
    '(`localstack start -d`, which needs Docker), or set AWS_ENDPOINT_URL and ' +
    'AWS_ENDPOINT_URL_S3 to where it listens.'
  );
}
