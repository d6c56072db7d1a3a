import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  type AttributeDefinition,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { tableSpecs } from '../table-specs.js';

/**
 * DynamoDB for the local stack: dynalite on an ephemeral loopback port, in
 * memory unless a data directory is given. dynalite has no TTL expiry and no
 * transactions; nothing here relies on either.
 */

export interface LocalDynamoDb {
  endpoint: string;
  /** Physical table names by environment variable, e.g. RUNS_TABLE. */
  tableNames: Record<string, string>;
  /**
   * What a process needs in its environment to use these tables through the
   * SDK: the endpoint, the table names, and a region and credentials, which
   * dynalite requires to be present but never checks.
   */
  environment: Record<string, string>;
  close(): Promise<void>;
}

export async function startLocalDynamoDb(
  options: { dataDir?: string; tablePrefix?: string } = {},
): Promise<LocalDynamoDb> {
  closeQueryIterators();
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  const server = dynalite({ path: options.dataDir, createTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;

  const prefix = options.tablePrefix ?? 'cugar-local';
  const tableNames = Object.fromEntries(
    tableSpecs.map((spec) => [spec.envVar, `${prefix}-${spec.id}`]),
  );
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(client, prefix);
  client.destroy();

  return {
    endpoint,
    tableNames,
    environment: {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      DYNAMODB_ENDPOINT: endpoint,
      ...tableNames,
    },
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          unlock();
          resolve();
        }),
      ),
  };
}

/**
 * Claims a data directory for this process. LevelDB allows one process per
 * directory and, when a second one tries, fails in a way no caller can
 * catch; a pid file lets the second stack say what is wrong instead.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = join(dataDir, 'local-stack.pid');
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `another local stack (pid ${pid}) is using ${dataDir}; stop it or pick another --data-dir`,
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * dynalite's Query and Scan streams close their store iterator by calling
 * `iterator.return()`, which the iterators of abstract-level 3 (under
 * memory-level and level) lack: they have `close()`. So every Query and Scan
 * left an iterator open, each holding a snapshot of the whole store, and
 * the heap grew by about 0.02 MB a run for good. This gives the iterators
 * the method dynalite calls.
 */
function closeQueryIterators(): void {
  const require = createRequire(import.meta.url);
  const fromDynalite = dirname(require.resolve('dynalite'));
  const level = require(require.resolve('abstract-level', { paths: [fromDynalite] })) as {
    AbstractKeyIterator: { prototype: object };
  };
  const iterator = Object.getPrototypeOf(level.AbstractKeyIterator.prototype) as {
    return?: () => Promise<{ done: true; value: undefined }>;
    close(): Promise<void>;
  };
  iterator.return ??= async function close(this: typeof iterator) {
    await this.close();
    return { done: true, value: undefined };
  };
}

async function createTables(client: DynamoDBClient, prefix: string): Promise<void> {
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  for (const spec of tableSpecs) {
    const name = `${prefix}-${spec.id}`;
    if (existing.has(name)) continue;
    const attributes = new Set([spec.partitionKey, spec.sortKey]);
    for (const index of spec.indexes ?? []) {
      attributes.add(index.partitionKey);
      attributes.add(index.sortKey);
    }
    const definitions: AttributeDefinition[] = [...attributes]
      .filter((a): a is string => a !== undefined)
      .map((a) => ({ AttributeName: a, AttributeType: 'S' }));
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: definitions,
        KeySchema: keySchema(spec.partitionKey, spec.sortKey),
        GlobalSecondaryIndexes: spec.indexes?.map((index) => ({
          IndexName: index.name,
          KeySchema: keySchema(index.partitionKey, index.sortKey),
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
  }
}

function keySchema(partitionKey: string, sortKey?: string) {
  return [
    { AttributeName: partitionKey, KeyType: 'HASH' as const },
    ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' as const }] : []),
  ];
}
