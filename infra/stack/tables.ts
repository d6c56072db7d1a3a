import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tableSpecs, type TableSpec } from '../table-specs.js';
import type { StageSettings } from '../stages.js';
import { pascalCase } from './names.js';

/** A table's logical name, as the specs spell it: `runs`, `crm`, ... */
export type TableId = TableSpec['id'];

/**
 * The product's DynamoDB tables, built from the shared specs so the cloud and
 * the local stack cannot disagree on keys or indexes.
 */
export class SalesTables extends Construct {
  /** The tables by spec id. */
  readonly byId: Record<TableId, Table>;

  constructor(scope: Construct, id: string, settings: StageSettings) {
    super(scope, id);

    const entries = tableSpecs.map((spec) => [spec.id, this.createTable(spec, settings)] as const);
    this.byId = Object.fromEntries(entries) as Record<TableId, Table>;
  }

  /** Physical table names keyed by the environment variable the functions read. */
  environment(): Record<string, string> {
    const entries = tableSpecs.map((spec) => [spec.envVar, this.byId[spec.id].tableName]);
    return Object.fromEntries(entries);
  }

  /** Whether a table has secondary indexes, which grants reach by a wildcard. */
  hasIndexes(id: TableId): boolean {
    return (tableSpecs.find((spec) => spec.id === id)?.indexes ?? []).length > 0;
  }

  private createTable(spec: TableSpec, settings: StageSettings): Table {
    const table = new Table(this, pascalCase(spec.id), {
      tableName: `${settings.namePrefix}-${spec.id}`,
      partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
      sortKey: spec.sortKey ? { name: spec.sortKey, type: AttributeType.STRING } : undefined,
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: settings.removalPolicy,
      deletionProtection: settings.removalPolicy === RemovalPolicy.RETAIN,
      timeToLiveAttribute: spec.ttlAttribute,
    });

    for (const index of spec.indexes ?? []) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: index.sortKey ? { name: index.sortKey, type: AttributeType.STRING } : undefined,
      });
    }

    return table;
  }
}
