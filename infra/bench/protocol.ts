/**
 * The IPC messages between the bench (parent) and its stack process (child).
 * Times are epoch milliseconds with sub-millisecond precision
 * (`performance.timeOrigin + performance.now()`), comparable across both.
 */

/** What the stack process tells the bench unasked. */
export type StackEvent =
  | { type: 'ready'; apiUrl: string; apiToken: string; pid: number }
  /** The stack's onApprovalRequested hook fired: the run now waits. */
  | { type: 'waiting'; approvalId: string; url: string; at: number }
  /** An execution ended; `stateEntered` is what Step Functions would bill. */
  | {
      type: 'ended';
      runId: string;
      status: string;
      stateEntered: number;
      events: number;
      at: number;
    };

/** Invocations and time of one function, summed since the stack started. */
export interface FunctionUsage {
  invocations: number;
  totalMs: number;
  errors: number;
}

/** Everything the stack process counts; the bench takes differences. */
export interface UsageSnapshot {
  functions: Record<string, FunctionUsage>;
  dynamodb: { calls: Record<string, number>; readUnits: number; writeUnits: number };
  /** CPU time of the whole stack process (functions, engine, dynalite, HTTP), in ms. */
  cpuMs: number;
}

/** A request from the bench, answered by one reply with the same id. */
export type BenchRequest = { id: number } & (
  | { type: 'usage' }
  /** Full GC, then `heapUsed` in bytes. */
  | { type: 'heap' }
  /** Approval ids per run id, for `forget` to delete. */
  | { type: 'approvals'; byRun: Record<string, string[]> }
  /** Drop the engine's executions, or the table items, of these runs. */
  | { type: 'forget'; what: 'executions' | 'items'; runIds: string[] }
  /** Full GC, then a heap snapshot written to `file`. */
  | { type: 'snapshot'; file: string }
  | { type: 'stop' }
);

export interface BenchReply {
  type: 'reply';
  id: number;
  value?: unknown;
  error?: string;
}
