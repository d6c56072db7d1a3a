import { readEnvironment } from './config.js';
import { getItem, putNewItem, updateItem } from './dynamo.js';

/**
 * The approvals table. An approval holds the task token of the paused run;
 * the token stays here and never appears in a link, a page or a log.
 */

export type ApprovalStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'TIMED_OUT';

export interface ApprovalItem {
  approvalId: string;
  runId: string;
  traceId: string;
  stepId: string;
  /** The step whose proposal is to be approved. */
  of: string;
  taskToken: string;
  status: ApprovalStatus;
  requestedAt: string;
  expiresAt: string;
  decidedAt?: string;
  reason?: string;
}

const table = () => readEnvironment().APPROVALS_TABLE;

export async function createApproval(item: ApprovalItem): Promise<void> {
  const created = await putNewItem(table(), { ...item }, 'approvalId');
  if (!created) throw new Error(`approval ${item.approvalId} exists already`);
}

export async function findApproval(approvalId: string): Promise<ApprovalItem | undefined> {
  return getItem<ApprovalItem>(table(), { approvalId });
}

/**
 * Moves a pending approval to its decision. Exactly one of any number of
 * concurrent callers gets the item back; the others get undefined.
 */
export async function decideApproval(
  approvalId: string,
  status: 'APPROVED' | 'REJECTED',
  decidedAt: string,
  reason?: string,
): Promise<ApprovalItem | undefined> {
  return updateItem<ApprovalItem>({
    table: table(),
    key: { approvalId },
    set: ['#status = :status', 'decidedAt = :at', '#reason = :reason'],
    condition: '#status = :pending',
    names: { '#status': 'status', '#reason': 'reason' },
    values: { ':status': status, ':at': decidedAt, ':reason': reason ?? '', ':pending': 'PENDING' },
  });
}

/** Marks an approval timed out, whatever it said before: the run has moved on. */
export async function markApprovalTimedOut(
  approvalId: string,
  at: string,
): Promise<ApprovalItem | undefined> {
  return updateItem<ApprovalItem>({
    table: table(),
    key: { approvalId },
    set: ['#status = :status', 'decidedAt = :at'],
    condition: 'attribute_exists(approvalId)',
    names: { '#status': 'status' },
    values: { ':status': 'TIMED_OUT', ':at': at },
  });
}
