import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod';
import { dynamoDbClient } from '../../commons/aws-clients.js';
import { readEnvironment } from '../../commons/config.js';
import { parseInput } from '../../commons/validation.js';
import { header, HttpError } from './http.js';

/**
 * `Idempotency-Key` for the endpoints that start something, through
 * Powertools idempotency: the same key and body give the first answer again,
 * the same key with another body is refused (422), and a request while the
 * first is still in progress waits its turn (409).
 */

/** The `Idempotency-Key` header; exported for the OpenAPI document. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,100}$/, 'must be 1 to 100 printable characters without spaces')
  .meta({ description: 'The same key and body give the same answer; another body gets 422.' });

interface Start {
  /** The key, prefixed by what it starts, so a run and a campaign never share one. */
  idempotencyKey: string;
  body: unknown;
  create: () => Promise<unknown>;
}

let startOnce: ((start: Start) => Promise<unknown>) | undefined;

function idempotentStart(): (start: Start) => Promise<unknown> {
  startOnce ??= makeIdempotent((start: Start) => start.create(), {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: readEnvironment().IDEMPOTENCY_TABLE,
      awsSdkV3Client: dynamoDbClient(),
    }),
    config: new IdempotencyConfig({
      eventKeyJmesPath: 'idempotencyKey',
      payloadValidationJmesPath: 'body',
      expiresAfterSeconds: 24 * 60 * 60,
    }),
  });
  return startOnce;
}

/**
 * Runs `create` once per `Idempotency-Key` of `what` (`runs`, `campaigns`);
 * without the header, runs it every time.
 */
export async function startOnceByKey<T>(
  event: APIGatewayProxyEvent,
  what: string,
  body: unknown,
  create: () => Promise<T>,
): Promise<T> {
  const key = header(event, 'idempotency-key');
  if (key === undefined) return create();

  const parsed = parseInput(idempotencyKeySchema, key, 'header', 'Idempotency-Key');
  try {
    return (await idempotentStart()({ idempotencyKey: `${what}:${parsed}`, body, create })) as T;
  } catch (error) {
    if (error instanceof IdempotencyValidationError) {
      throw new HttpError(
        422,
        'idempotency_key_reused',
        'this Idempotency-Key was used with another body',
      );
    }
    if (error instanceof IdempotencyAlreadyInProgressError) {
      throw new HttpError(
        409,
        'request_in_progress',
        'a request with this Idempotency-Key is in progress',
      );
    }
    throw error;
  }
}
