import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { InitializeMiddleware, MetadataBearer, MiddlewareStack } from '@smithy/types';
import { readEnvironment } from './config.js';
import { logger, tracer } from './powertools.js';

/**
 * AWS clients, created once per process and configured only by endpoint, so
 * the same code talks to AWS, the local stack or LocalStack. Each is captured
 * by the tracer, so every call is an X-Ray subsegment of the invocation on
 * Lambda; off Lambda the tracer hands the client back untouched.
 */
let dynamodb: DynamoDBClient | undefined;
let sfn: SFNClient | undefined;

/** The process's DynamoDB client, made on first use from the current environment. */
export function dynamoDbClient(): DynamoDBClient {
  if (!dynamodb) {
    dynamodb = tracer.captureAWSv3Client(
      new DynamoDBClient({ endpoint: readEnvironment().DYNAMODB_ENDPOINT, maxAttempts: 5 }),
    );
    logRetries(dynamodb, 'DynamoDB');
  }
  return dynamodb;
}

/**
 * The SDK retries throttled and failed calls by itself, silently; this logs
 * each call that needed more than one attempt, so throttling shows in the logs.
 */
function logRetries(client: DynamoDBClient | SFNClient, service: string): void {
  const middleware: InitializeMiddleware<object, MetadataBearer> =
    (next, context) => async (args) => {
      const result = await next(args);
      const { attempts = 1, totalRetryDelay = 0 } = result.output.$metadata;
      if (attempts > 1) {
        logger.warn(`${service} request retried`, {
          operation: context.commandName,
          attempts,
          totalRetryDelayMs: totalRetryDelay,
        });
      }
      return result;
    };
  (client.middlewareStack as MiddlewareStack<object, MetadataBearer>).add(middleware, {
    step: 'initialize',
    name: 'logRetries',
  });
}

/** The process's Step Functions client, made on first use from the current environment. */
export function stepFunctionsClient(): SFNClient {
  if (!sfn) {
    sfn = tracer.captureAWSv3Client(
      new SFNClient({ endpoint: readEnvironment().SFN_ENDPOINT, maxAttempts: 3 }),
    );
    logRetries(sfn, 'Step Functions');
  }
  return sfn;
}

/** Drops the cached clients, for a process that changes its endpoints. */
export function resetClients(): void {
  dynamodb?.destroy();
  sfn?.destroy();
  dynamodb = undefined;
  sfn = undefined;
}
