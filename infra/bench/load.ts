import type { StackEvent } from './protocol.js';
import type { StackProcess } from './stack-client.js';

/**
 * The load: a closed loop of `concurrency` clients, each starting a run with
 * `POST /runs` and waiting for its end before starting the next, and one
 * simulated approver who approves through the approval link a fixed delay
 * after the run starts waiting.
 */

/** One kind of run the bench starts, and the steps it must end with. */
export interface Scenario {
  name: string;
  request: Record<string, unknown>;
  /** Step ids a successful run has results for, in plan order. */
  expectedSteps: string[];
  /** Whether a run waits for a human decision. */
  approval: boolean;
}

const contact = {
  name: 'Dana Reyes',
  email: 'dana.reyes@northwind.example',
  title: 'VP Operations',
};

export const scenarios = {
  approval: {
    name: 'with approval',
    request: {
      goal: 'Prioritize this account, draft outreach and qualify the deal',
      accountId: 'northwind-outfitters',
      contact,
    },
    expectedSteps: [
      'score-account-fit',
      'account-signals',
      'draft-outreach',
      'assess-message-quality',
      'approve-draft-outreach',
      'qualify-opportunity',
      'assess-deal-risk',
    ],
    approval: true,
  },
  readOnly: {
    name: 'read-only',
    request: {
      goal: 'Prioritize this account and qualify the deal',
      accountId: 'northwind-outfitters',
      contact,
    },
    expectedSteps: [
      'score-account-fit',
      'account-signals',
      'qualify-opportunity',
      'assess-deal-risk',
    ],
    approval: false,
  },
} satisfies Record<string, Scenario>;

/** What the bench saw of one run. */
export interface RunRecordOfBench {
  runId: string;
  startedAt: number;
  endedAt: number;
  latencyMs: number;
  /** Execution status as the engine ended it. */
  executionStatus: string;
  stateEntered: number;
  approvalIds: string[];
  ok: boolean;
  problem?: string;
}

/** Step statuses that count as a result. */
const resultStatuses = new Set(['succeeded', 'approved']);

export class Client {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async request(method: string, pathOrUrl: string, body?: unknown) {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`;
    const response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON; kept as text for the problem report.
    }
    return { status: response.status, body: parsed };
  }
}

/**
 * Checks a run the way its caller would: `GET /runs/{id}` says SUCCEEDED and
 * has a result for every expected step. Returns the problem, if any.
 */
export async function checkRun(
  client: Client,
  scenario: Scenario,
  run: RunRecordOfBench,
): Promise<string | undefined> {
  if (run.executionStatus !== 'SUCCEEDED') return `execution ${run.executionStatus}`;
  const answer = await client.request('GET', `/runs/${run.runId}`);
  if (answer.status !== 200) return `GET /runs answered ${answer.status}`;
  const view = answer.body as {
    status: string;
    steps: { id: string; status: string; output?: unknown }[];
    approvals: { approvalId: string }[];
  };
  run.approvalIds = view.approvals.map((a) => a.approvalId);
  if (view.status !== 'SUCCEEDED') return `run ${view.status}`;
  const ids = view.steps.map((step) => step.id);
  if (ids.join(',') !== scenario.expectedSteps.join(',')) return `steps ${ids.join(',')}`;
  const missing = view.steps.find((s) => !resultStatuses.has(s.status) || s.output === undefined);
  return missing && `step ${missing.id} ${missing.status}`;
}

export interface PassOptions {
  scenario: Scenario;
  runs: number;
  concurrency: number;
  approvalDelayMs: number;
  onProgress?: (done: number) => void;
}

/**
 * Runs one pass and returns what the bench saw of every run, unchecked, and
 * how long each approval hook's message took to reach the approver:
 * the caller checks them after its usage snapshot, so that the checks
 * neither load the stack during the pass nor count in its usage.
 */
export async function runPass(
  stack: StackProcess,
  client: Client,
  options: PassOptions,
): Promise<{ runs: RunRecordOfBench[]; detectionsMs: number[] }> {
  const ended = new Map<string, { event: Extract<StackEvent, { type: 'ended' }>; at: number }>();
  const waiters = new Map<string, () => void>();
  const detections: number[] = [];
  const approvals: Promise<void>[] = [];

  const stopListening = stack.on((event, receivedAt) => {
    if (event.type === 'ended') {
      ended.set(event.runId, { event, at: receivedAt });
      waiters.get(event.runId)?.();
    } else if (event.type === 'waiting') {
      detections.push(receivedAt - event.at);
      // The delay counts from when the run started waiting, not from when we heard.
      const wait = Math.max(0, options.approvalDelayMs - (receivedAt - event.at));
      approvals.push(
        new Promise<void>((resolve) => setTimeout(resolve, wait)).then(async () => {
          const answer = await client.request('POST', event.url, { decision: 'approve' });
          if (answer.status !== 200) {
            process.stderr.write(`approval ${event.approvalId} answered ${answer.status}\n`);
          }
        }),
      );
    }
  });

  const results: RunRecordOfBench[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.runs) {
      next += 1;
      const startedAt = performance.timeOrigin + performance.now();
      const answer = await client.request('POST', '/runs', options.scenario.request);
      if (answer.status !== 202) {
        const at = performance.timeOrigin + performance.now();
        results.push({
          runId: '',
          startedAt,
          endedAt: at,
          latencyMs: at - startedAt,
          executionStatus: 'NOT_STARTED',
          stateEntered: 0,
          approvalIds: [],
          ok: false,
          problem: `POST /runs answered ${answer.status}`,
        });
        continue;
      }
      const runId = answer.body.runId as string;
      if (!ended.has(runId)) {
        await new Promise<void>((resolve) => waiters.set(runId, resolve));
        waiters.delete(runId);
      }
      const end = ended.get(runId) as { event: Extract<StackEvent, { type: 'ended' }>; at: number };
      ended.delete(runId);
      results.push({
        runId,
        startedAt,
        endedAt: end.at,
        latencyMs: end.at - startedAt,
        executionStatus: end.event.status,
        stateEntered: end.event.stateEntered,
        approvalIds: [],
        ok: false,
      });
      options.onProgress?.(results.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  await Promise.all(approvals);
  stopListening();

  return { runs: results, detectionsMs: detections };
}
