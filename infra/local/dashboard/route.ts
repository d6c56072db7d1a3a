import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { ApiHandler, LocalRoute } from '../http-front.js';
import { renderDashboard } from './page.js';
import { goldenSignals, type RunSummary } from './signals.js';

/**
 * `GET /` of the local stack: the dashboard. It reads the runs the way a
 * client would, through the API function's `GET /runs`, invoked in process
 * (so the page needs no token and shows none), and renders them server-side.
 */

/** GET /runs answers at most this many runs a page. */
const pageSize = 100;
/** The dashboard reads at most this many pages: 2,000 runs, plenty for one machine. */
const maxPages = 20;

export interface DashboardOptions {
  /** How often the open page refreshes itself. */
  refreshSeconds?: number;
  now?: () => Date;
}

/** Every run `GET /runs` lists, newest first, up to maxPages pages. */
export async function readRuns(api: ApiHandler): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  let next: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const query: Record<string, string> = { limit: String(pageSize), ...(next ? { next } : {}) };
    const answer = await api(listRunsEvent(query));
    if (answer.statusCode !== 200) {
      throw new Error(`GET /runs answered ${answer.statusCode}`);
    }
    const body = JSON.parse(answer.body) as { runs: RunSummary[]; next?: string };
    runs.push(...body.runs);
    next = body.next;
    if (!next) break;
  }
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The local route that serves the dashboard. */
export function dashboardRoute(api: ApiHandler, options: DashboardOptions = {}): LocalRoute {
  const refreshSeconds = options.refreshSeconds ?? 3;
  const now = options.now ?? (() => new Date());
  return async (request: IncomingMessage, response: ServerResponse) => {
    if (!isLoopbackHost(request.headers.host)) {
      response.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('the dashboard answers on 127.0.0.1 or localhost only\n');
      return;
    }
    const nonce = randomBytes(16).toString('base64');
    const at = now();
    let runs: RunSummary[] = [];
    let problem: string | undefined;
    try {
      runs = await readRuns(api);
    } catch (error) {
      problem = (error as Error).message;
    }
    const page = renderDashboard({
      runs,
      signals: goldenSignals(runs, at),
      now: at,
      refreshSeconds,
      nonce,
      problem,
    });
    response.writeHead(problem ? 503 : 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy':
        `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; ` +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    response.end(page);
  };
}

/**
 * Answers only requests addressed to loopback by name, so a web page cannot
 * read the dashboard by pointing a host name of its own at 127.0.0.1.
 */
function isLoopbackHost(host: string | undefined): boolean {
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}

function listRunsEvent(query: Record<string, string>): APIGatewayProxyEvent {
  return {
    resource: '/runs',
    path: '/runs',
    httpMethod: 'GET',
    headers: { accept: 'application/json' },
    multiValueHeaders: {},
    queryStringParameters: query,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      domainName: '127.0.0.1',
      httpMethod: 'GET',
      identity: { sourceIp: '127.0.0.1' } as never,
      path: '/runs',
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: '/runs',
      stage: 'local',
    },
  };
}
