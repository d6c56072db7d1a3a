import type { z } from 'zod';
import type { decisionAnswerSchema } from '../../functions/platform/api/decide-approval.js';
import type { RunView } from '../../functions/platform/api/get-run.js';
import type { RunList } from '../../functions/platform/api/list-runs.js';
import type {
  runStartedSchema,
  startRunRequestSchema,
} from '../../functions/platform/api/start-run.js';

/**
 * The CLI's client of the cugar-sales API, over Node's fetch. It speaks to
 * the local stack and to a deployed stage alike: a base URL and an optional
 * bearer token. The answers are typed by the API's own zod response schemas,
 * so the CLI and the API cannot disagree on a field's name unnoticed.
 */

/** The API's request and answer shapes, taken from its zod schemas rather than restated. */
export type StartRunRequest = z.input<typeof startRunRequestSchema>;
export type RunStarted = z.infer<typeof runStartedSchema>;
export type DecisionAnswer = z.infer<typeof decisionAnswerSchema>;
export type { RunList, RunView };

/**
 * A failure the user can act on, told in one line; the CLI exits 1 with it
 * and prints no stack trace.
 */
export class CliError extends Error {
  override readonly name: string = 'CliError';
}

/** The API refused a request: its status, its error code and each named field. */
export class ApiError extends CliError {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly fields: { field: string; problem: string }[] = [],
  ) {
    super(message);
  }
}

/** The parts of the API's error shape the CLI reads. */
interface ErrorBody {
  error?: string;
  message?: string;
  fields?: { field: string; problem: string }[];
}

/**
 * One method per API call the CLI makes. Refusals become an ApiError and
 * network failures a CliError, so every command fails the same way.
 */
export class CugarApi {
  readonly baseUrl: string;

  /** Checks the URL once, so a typo fails with a clear line before any request. */
  constructor(
    baseUrl: string,
    private readonly token?: string,
  ) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new CliError(`the API URL ${JSON.stringify(baseUrl)} is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new CliError(`the API URL ${baseUrl} is not http or https`);
    }
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  startRun(body: StartRunRequest, idempotencyKey?: string): Promise<RunStarted> {
    const headers = idempotencyKey ? { 'idempotency-key': idempotencyKey } : undefined;
    return this.request<RunStarted>('POST', '/runs', body, headers);
  }

  getRun(runId: string): Promise<RunView> {
    return this.request<RunView>('GET', `/runs/${encodeURIComponent(runId)}`);
  }

  listRuns(query: { status?: string; limit?: number }): Promise<RunList> {
    const params = new URLSearchParams();
    if (query.status) params.set('status', query.status);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const search = params.size > 0 ? `?${params}` : '';
    return this.request<RunList>('GET', `/runs${search}`);
  }

  /**
   * Posts a decision to a signed approval link. The link is its own
   * credential, so no token goes with it; it may point at another host than
   * `baseUrl`, as a link from a deployed stage does.
   */
  decide(
    approvalUrl: string,
    decision: 'approve' | 'reject',
    reason?: string,
  ): Promise<DecisionAnswer> {
    return this.request<DecisionAnswer>('POST', approvalUrl, { decision, reason });
  }

  private async request<T>(
    method: string,
    pathOrUrl: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<T> {
    const isLink = /^https?:\/\//.test(pathOrUrl);
    const url = isLink ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`;
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    if (this.token && !isLink) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new CliError(`cannot reach the API at ${url}: ${networkReason(error)}`);
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (response.ok && parsed !== undefined) return parsed as T;
    if (response.ok) throw new CliError(`${url} did not answer JSON; is it the cugar-sales API?`);
    throw apiError(response.status, parsed as ErrorBody | undefined);
  }
}

function apiError(status: number, body: ErrorBody | undefined): ApiError {
  if (!body?.message) return new ApiError(status, undefined, `the API answered ${status}`);
  return new ApiError(status, body.error, body.message, body.fields ?? []);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The reason under fetch's "fetch failed": ECONNREFUSED, ENOTFOUND, ... */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
