import {
  startLocalStack,
  type LocalStack,
  type LocalStackOptions,
} from '../../infra/local/stack.js';

/**
 * A local stack for one test file, and a small client that drives its API
 * over HTTP as a user would.
 */

// Test answers are read field by field; `any` keeps the assertions short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Answer<T = any> {
  status: number;
  body: T;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const url = path.startsWith('http') ? path : `${this.baseUrl}${path}`;
    const response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: an HTML page, kept as text.
    }
    return { status: response.status, body: parsed } as Answer;
  }

  startRun(body: unknown) {
    return this.request('POST', '/runs', body);
  }

  getRun(runId: string) {
    return this.request('GET', `/runs/${runId}`);
  }

  /** Polls the run until its status is one of `wanted`; fails after `timeoutMs`. */
  async waitForStatus(runId: string, wanted: string[], timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = await this.getRun(runId);
      if (wanted.includes(run.body.status)) return run.body;
      if (Date.now() > deadline) {
        throw new Error(`run ${runId} is ${run.body.status}, not ${wanted.join(' or ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  decide(approvalUrl: string, decision: 'approve' | 'reject', reason?: string) {
    return this.request('POST', approvalUrl, { decision, reason });
  }
}

export async function startTestStack(
  options: LocalStackOptions = {},
): Promise<{ stack: LocalStack; api: ApiClient }> {
  const apiToken = options.apiToken ?? 'test-token';
  const stack = await startLocalStack({ logLevel: 'SILENT', ...options, apiToken });
  return { stack, api: new ApiClient(stack.apiUrl, apiToken) };
}

/** An inline account and contact that every tool can work with. */
export const northwind = {
  account: {
    name: 'Northwind Outfitters',
    sector: 'retail',
    revenueMillions: 640,
    employees: 2100,
    country: 'United States',
  },
  contact: { name: 'Dana Reyes', email: 'dana.reyes@northwind.example', title: 'VP Operations' },
};
