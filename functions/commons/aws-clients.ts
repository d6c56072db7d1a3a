import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { readEnvironment } from './config.js';

/**
 * AWS clients, created once per process and configured only by endpoint, so
 * the same code talks to AWS, the local stack or LocalStack.
 */
let dynamodb: DynamoDBClient | undefined;
let sfn: SFNClient | undefined;

export function dynamoDbClient(): DynamoDBClient {
  dynamodb ??= new DynamoDBClient({
    endpoint: readEnvironment().DYNAMODB_ENDPOINT,
    maxAttempts: 5,
  });
  return dynamodb;
}

export function stepFunctionsClient(): SFNClient {
  sfn ??= new SFNClient({ endpoint: readEnvironment().SFN_ENDPOINT, maxAttempts: 3 });
  return sfn;
}

/** Drops the cached clients, for a process that changes its endpoints. */
export function resetClients(): void {
  dynamodb?.destroy();
  sfn?.destroy();
  dynamodb = undefined;
  sfn = undefined;
}
