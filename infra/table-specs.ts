/**
 * The product's DynamoDB tables: their keys and indexes. The CDK app and the
 * local stack both build their tables from this list.
 */
export interface TableSpec {
  /** The logical name, and the suffix of the physical name. */
  id: 'runs' | 'budgets' | 'approvals' | 'crm' | 'idempotency' | 'campaigns';
  /** The environment variable that carries the table's name to the functions. */
  envVar:
    | 'RUNS_TABLE'
    | 'BUDGETS_TABLE'
    | 'APPROVALS_TABLE'
    | 'CRM_TABLE'
    | 'IDEMPOTENCY_TABLE'
    | 'CAMPAIGNS_TABLE';
  partitionKey: string;
  sortKey?: string;
  indexes?: { name: string; partitionKey: string; sortKey?: string }[];
  /**
   * An epoch-seconds attribute after which AWS may delete the item. Nothing
   * relies on that deletion (dynalite never does it): it only keeps the table
   * small on AWS.
   */
  ttlAttribute?: string;
}

export const tableSpecs: TableSpec[] = [
  { id: 'runs', envVar: 'RUNS_TABLE', partitionKey: 'runId' },
  { id: 'budgets', envVar: 'BUDGETS_TABLE', partitionKey: 'budgetId' },
  { id: 'approvals', envVar: 'APPROVALS_TABLE', partitionKey: 'approvalId' },
  {
    id: 'crm',
    envVar: 'CRM_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [{ name: 'byAccount', partitionKey: 'accountId', sortKey: 'sk' }],
  },
  /** Powertools idempotency records of `POST /runs` (Idempotency-Key). */
  {
    id: 'idempotency',
    envVar: 'IDEMPOTENCY_TABLE',
    partitionKey: 'id',
    ttlAttribute: 'expiration',
  },
  /** One item per campaign: its selection, ordered accounts and per-account results. */
  { id: 'campaigns', envVar: 'CAMPAIGNS_TABLE', partitionKey: 'campaignId' },
];
