import { describe, expect, it } from 'vitest';
import { tableSpecs } from '../../infra/table-specs.js';
import { synthesizeStack, tableLogicalId } from './template.js';

const dev = synthesizeStack('dev');

describe('tables', () => {
  it('creates exactly one table per spec', () => {
    dev.template.resourceCountIs('AWS::DynamoDB::Table', tableSpecs.length);
  });

  it.each(tableSpecs.map((spec) => [spec.id, spec] as const))(
    'builds the %s table on demand, with PITR and AWS-managed encryption',
    (id, spec) => {
      const logicalId = tableLogicalId(dev, id);
      const table = dev.template.toJSON().Resources[logicalId].Properties;

      expect(table.TableName).toBe(`cugar-sales-dev-${id}`);
      expect(table.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.SSESpecification).toEqual({ SSEEnabled: true });
      expect(table.KeySchema).toEqual([
        { AttributeName: spec.partitionKey, KeyType: 'HASH' },
        ...(spec.sortKey ? [{ AttributeName: spec.sortKey, KeyType: 'RANGE' }] : []),
      ]);
    },
  );

  it('keys the runs, budgets and approvals tables by their ids alone', () => {
    const keys = ['runs', 'budgets', 'approvals'].map((id) => {
      const table = dev.template.toJSON().Resources[tableLogicalId(dev, id)].Properties;
      return [id, table.KeySchema, table.AttributeDefinitions, table.GlobalSecondaryIndexes];
    });

    expect(keys).toEqual([
      ['runs', [{ AttributeName: 'runId', KeyType: 'HASH' }], [s('runId')], undefined],
      ['budgets', [{ AttributeName: 'budgetId', KeyType: 'HASH' }], [s('budgetId')], undefined],
      [
        'approvals',
        [{ AttributeName: 'approvalId', KeyType: 'HASH' }],
        [s('approvalId')],
        undefined,
      ],
    ]);
  });

  it('gives the crm table pk/sk keys and a byAccount index projecting everything', () => {
    const crm = dev.template.toJSON().Resources[tableLogicalId(dev, 'crm')].Properties;

    expect(crm.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(crm.AttributeDefinitions).toEqual([s('pk'), s('sk'), s('accountId')]);
    expect(crm.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'byAccount',
        KeySchema: [
          { AttributeName: 'accountId', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
  });

  it('lets AWS expire idempotency records, and no other table', () => {
    const ttl = tableSpecs.map((spec) => {
      const table = dev.template.toJSON().Resources[tableLogicalId(dev, spec.id)].Properties;
      return [spec.id, table.TimeToLiveSpecification];
    });

    expect(ttl).toEqual([
      ['runs', undefined],
      ['budgets', undefined],
      ['approvals', undefined],
      ['crm', undefined],
      ['idempotency', { AttributeName: 'expiration', Enabled: true }],
      ['campaigns', undefined],
    ]);
  });

  it('outputs every table name', () => {
    const outputs = dev.template.toJSON().Outputs;

    expect(outputs.RunsTableName.Value).toEqual({ Ref: tableLogicalId(dev, 'runs') });
    expect(outputs.BudgetsTableName.Value).toEqual({ Ref: tableLogicalId(dev, 'budgets') });
    expect(outputs.ApprovalsTableName.Value).toEqual({ Ref: tableLogicalId(dev, 'approvals') });
    expect(outputs.CrmTableName.Value).toEqual({ Ref: tableLogicalId(dev, 'crm') });
    expect(outputs.IdempotencyTableName.Value).toEqual({
      Ref: tableLogicalId(dev, 'idempotency'),
    });
  });
});

function s(name: string) {
  return { AttributeName: name, AttributeType: 'S' };
}
