import { Duration, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { StageSettings } from '../stages.js';
import { nagLogicalId } from './nag-ids.js';
import { pascalCase } from './names.js';
import { SalesFunction } from './sales-function.js';
import type { SalesTables, TableId } from './tables.js';

/** Our functions, by the name the rest of the app uses for them. */
export type FunctionId =
  | 'api'
  | 'planner'
  | 'budget'
  | 'approvalRequest'
  | 'finalize'
  | 'intelligence'
  | 'engagement'
  | 'qualification'
  | 'territory'
  | 'campaign';

/** What a function may do to a table; a table not listed is out of its reach. */
export type TableAccess = 'read' | 'readWrite';

/** The source, sizing and table access of one function. */
export interface FunctionSpec {
  entry: string;
  /** Physical-name suffix. */
  name: string;
  /** Kept below the workflow task's own timeout, so Lambda reports the timeout. */
  timeout: Duration;
  memorySize?: number;
  tables: Partial<Record<TableId, TableAccess>>;
}

const domainTables = { runs: 'readWrite', crm: 'read' } as const;

/**
 * Least privilege at a glance: each function's tables and how it may use them.
 * tests/infra/functions.test.ts spells the same map out on its own, so a
 * change here needs a matching, reviewed change there.
 */
export const functionSpecs: Record<FunctionId, FunctionSpec> = {
  api: {
    entry: 'functions/platform/api/handler.ts',
    name: 'api',
    timeout: Duration.seconds(10),
    tables: {
      runs: 'readWrite',
      budgets: 'readWrite',
      approvals: 'readWrite',
      crm: 'read',
      idempotency: 'readWrite',
      campaigns: 'readWrite',
    },
  },
  planner: {
    entry: 'functions/platform/planner/handler.ts',
    name: 'planner',
    timeout: Duration.seconds(100),
    memorySize: 512,
    tables: { runs: 'readWrite', crm: 'read', budgets: 'readWrite' },
  },
  budget: {
    entry: 'functions/platform/budget/handler.ts',
    name: 'budget',
    timeout: Duration.seconds(20),
    tables: { runs: 'readWrite', budgets: 'readWrite' },
  },
  approvalRequest: {
    entry: 'functions/platform/approval/request-handler.ts',
    name: 'approval-request',
    timeout: Duration.seconds(20),
    tables: { runs: 'readWrite', approvals: 'readWrite' },
  },
  finalize: {
    entry: 'functions/platform/finalize/handler.ts',
    name: 'finalize',
    timeout: Duration.seconds(50),
    tables: { runs: 'readWrite', approvals: 'readWrite', budgets: 'read' },
  },
  intelligence: {
    entry: 'functions/intelligence/handler.ts',
    name: 'intelligence',
    timeout: Duration.seconds(50),
    tables: domainTables,
  },
  engagement: {
    entry: 'functions/engagement/handler.ts',
    name: 'engagement',
    timeout: Duration.seconds(50),
    tables: domainTables,
  },
  qualification: {
    entry: 'functions/qualification/handler.ts',
    name: 'qualification',
    timeout: Duration.seconds(50),
    tables: domainTables,
  },
  territory: {
    entry: 'functions/territory/handler.ts',
    name: 'territory',
    timeout: Duration.seconds(50),
    tables: domainTables,
  },
  campaign: {
    entry: 'functions/platform/campaign/handler.ts',
    name: 'campaign',
    // Selecting reads every deal of the CRM once.
    timeout: Duration.seconds(50),
    memorySize: 512,
    tables: { campaigns: 'readWrite', runs: 'readWrite', budgets: 'readWrite', crm: 'read' },
  },
};

/** What the functions need from the rest of the stack. */
export interface SalesFunctionsProps {
  settings: StageSettings;
  tables: SalesTables;
}

/**
 * All of the product's Lambda functions, each given every table's name but
 * access only to the tables its spec lists.
 */
export class SalesFunctions extends Construct {
  /** The functions by id. */
  readonly byId: Record<FunctionId, SalesFunction>;

  constructor(scope: Construct, id: string, props: SalesFunctionsProps) {
    super(scope, id);

    const tableNames = props.tables.environment();
    const entries = Object.entries(functionSpecs).map(([functionId, spec]) => {
      const fn = new SalesFunction(this, pascalCase(functionId), {
        settings: props.settings,
        name: spec.name,
        entry: spec.entry,
        timeout: spec.timeout,
        memorySize: spec.memorySize,
        environment: tableNames,
      });
      grantTables(fn, spec, props.tables);
      return [functionId, fn] as const;
    });
    this.byId = Object.fromEntries(entries) as Record<FunctionId, SalesFunction>;
  }
}

function grantTables(fn: SalesFunction, spec: FunctionSpec, tables: SalesTables): void {
  for (const [tableId, access] of Object.entries(spec.tables) as [TableId, TableAccess][]) {
    const table = tables.byId[tableId];
    if (access === 'readWrite') table.grantReadWriteData(fn);
    else table.grantReadData(fn);
    if (tables.hasIndexes(tableId) && fn.role) {
      Validations.of(fn.role.node.findChild('DefaultPolicy')).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${nagLogicalId(table)}.Arn>/index/*]`,
        reason:
          `The ${tableId} table's indexes, which CDK grants as one wildcard: reads query ` +
          'them by account; the wildcard reaches no other table.',
      });
    }
  }
}
