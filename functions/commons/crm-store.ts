import {
  BatchWriteItemCommand,
  QueryCommand,
  type QueryCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { dynamoDbClient } from './aws-clients.js';
import { readEnvironment } from './config.js';
import { getItem, toItem } from './dynamo.js';
import {
  accountIdFromName,
  type Account,
  type Deal,
  type Product,
  type SalesAgent,
} from './sales-model.js';
import type { CrmReader } from './tool.js';

/**
 * The imported CRM data, in one table keyed by `pk` (the record type) and
 * `sk` (the record's id). Deals carry `accountId`, indexed by the sparse
 * `byAccount` index; deals with no account are simply not in it.
 *
 * Every record type sits in one partition, which suits a CRM of thousands of
 * deals, not millions.
 */

export const crmIndexByAccount = 'byAccount';

const table = () => readEnvironment().CRM_TABLE;

export interface CrmData {
  accounts: Account[];
  deals: Deal[];
  salesAgents: SalesAgent[];
  products: Product[];
}

async function queryAll<T>(input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
  const items: T[] = [];
  let startKey: QueryCommandInput['ExclusiveStartKey'];
  do {
    const page = await dynamoDbClient().send(
      new QueryCommand({ TableName: table(), ExclusiveStartKey: startKey, ...input }),
    );
    for (const item of page.Items ?? []) items.push(stripKeys(unmarshall(item)) as T);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, ...record } = item;
  return record;
}

function byType<T>(type: string): Promise<T[]> {
  return queryAll<T>({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': { S: type } },
  });
}

/** Reads the CRM table; one instance per invocation is cheap. */
export class DynamoCrmReader implements CrmReader {
  async findAccount(idOrName: string): Promise<Account | undefined> {
    for (const id of new Set([idOrName, accountIdFromName(idOrName)])) {
      if (!id) continue;
      const item = await getItem<Record<string, unknown>>(table(), { pk: 'ACCOUNT', sk: id });
      if (item) return stripKeys(item) as Account;
    }
    return undefined;
  }

  allAccounts(): Promise<Account[]> {
    return byType<Account>('ACCOUNT');
  }

  dealsForAccount(accountId: string): Promise<Deal[]> {
    return queryAll<Deal>({
      IndexName: crmIndexByAccount,
      KeyConditionExpression: 'accountId = :id',
      ExpressionAttributeValues: { ':id': { S: accountId } },
    });
  }

  allDeals(): Promise<Deal[]> {
    return byType<Deal>('DEAL');
  }

  salesAgents(): Promise<SalesAgent[]> {
    return byType<SalesAgent>('AGENT');
  }

  products(): Promise<Product[]> {
    return byType<Product>('PRODUCT');
  }
}

/** The CRM data as table items. */
function crmItems(data: CrmData): Record<string, unknown>[] {
  return [
    ...data.accounts.map((a) => ({ pk: 'ACCOUNT', sk: a.id, ...a })),
    ...data.deals.map((d) => ({ pk: 'DEAL', sk: d.id, ...d })),
    ...data.salesAgents.map((s) => ({ pk: 'AGENT', sk: s.name, ...s })),
    ...data.products.map((p) => ({ pk: 'PRODUCT', sk: p.name, ...p })),
  ];
}

/**
 * Writes CRM records, 25 to a batch, retrying what DynamoDB leaves
 * unprocessed. `onProgress` hears how many items are written so far.
 */
export async function writeCrmData(
  data: CrmData,
  onProgress: (written: number, total: number) => void = () => {},
): Promise<number> {
  const items = crmItems(data);
  let written = 0;
  for (let start = 0; start < items.length; start += 25) {
    let requests: WriteRequest[] = items
      .slice(start, start + 25)
      .map((item) => ({ PutRequest: { Item: toItem(item) } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      if (attempt > 8) throw new Error(`${requests.length} CRM items stayed unprocessed`);
      const result = await dynamoDbClient().send(
        new BatchWriteItemCommand({ RequestItems: { [table()]: requests } }),
      );
      requests = result.UnprocessedItems?.[table()] ?? [];
    }
    written = Math.min(items.length, start + 25);
    onProgress(written, items.length);
  }
  return written;
}
