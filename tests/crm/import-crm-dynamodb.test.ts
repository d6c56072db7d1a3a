import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../infra/local/dynamodb.js';

const sampleDir = fileURLToPath(new URL('../../infra/local/sample-crm', import.meta.url));

let local: LocalDynamoDb;
const saved = { ...process.env };

beforeAll(async () => {
  local = await startLocalDynamoDb({ tablePrefix: 'import-test' });
  Object.assign(process.env, local.environment);
  const { resetClients } = await import('../../functions/commons/aws-clients.js');
  resetClients();
});

afterAll(async () => {
  const { resetClients } = await import('../../functions/commons/aws-clients.js');
  resetClients();
  process.env = saved;
  await local.close();
});

describe('importing the sample export into DynamoDB', () => {
  it('writes every imported record and reads it back through DynamoCrmReader', async () => {
    // Prepare
    const { importCrmExport } = await import('../../functions/crm/import-crm.js');
    const { DynamoCrmReader, writeCrmData } = await import('../../functions/commons/crm-store.js');
    const { data } = await importCrmExport(sampleDir);

    // Act
    const written = await writeCrmData(data);
    const crm = new DynamoCrmReader();

    // Assess
    expect(written).toBe(82);
    expect(await crm.findAccount('Northwind Outfitters')).toEqual(data.accounts[0]);
    expect((await crm.allAccounts()).length).toBe(10);
    expect((await crm.allDeals()).length).toBe(60);
    expect((await crm.salesAgents()).map((a) => a.name)).toEqual([
      'Ada Quist',
      'Bruno Tavel',
      'Celine Okafor',
      'Dmitri Vale',
      'Esme Harrow',
    ]);
    expect((await crm.products()).length).toBe(7);
    const northwindDeals = await crm.dealsForAccount('northwind-outfitters');
    expect(northwindDeals.map((d) => d.id).sort()).toEqual(
      data.deals
        .filter((d) => d.accountId === 'northwind-outfitters')
        .map((d) => d.id)
        .sort(),
    );
    expect(northwindDeals.length).toBe(10);
  });
});
