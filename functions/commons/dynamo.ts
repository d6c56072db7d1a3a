import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { dynamoDbClient } from './aws-clients.js';

/**
 * The few DynamoDB calls the stores make, with marshalling in one place.
 * Conditions compare only stored values with given ones: DynamoDB has no
 * arithmetic in condition expressions.
 */

const marshallOptions = { removeUndefinedValues: true, convertEmptyValues: false };

export function toItem(value: Record<string, unknown>) {
  return marshall(value, marshallOptions);
}

export async function getItem<T>(
  table: string,
  key: Record<string, string>,
): Promise<T | undefined> {
  const { Item } = await dynamoDbClient().send(
    new GetItemCommand({ TableName: table, Key: marshall(key), ConsistentRead: true }),
  );
  return Item ? (unmarshall(Item) as T) : undefined;
}

/** Writes a new item; false if one with the same key exists already. */
export async function putNewItem(
  table: string,
  item: Record<string, unknown>,
  keyAttribute: string,
): Promise<boolean> {
  try {
    await dynamoDbClient().send(
      new PutItemCommand({
        TableName: table,
        Item: toItem(item),
        ConditionExpression: 'attribute_not_exists(#key)',
        ExpressionAttributeNames: { '#key': keyAttribute },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export interface Update {
  table: string;
  key: Record<string, string>;
  /** The SET clauses, such as `#status = :status`. */
  set: string[];
  condition?: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

function updateInput(update: Update): UpdateItemCommandInput {
  return {
    TableName: update.table,
    Key: marshall(update.key),
    UpdateExpression: `SET ${update.set.join(', ')}`,
    ConditionExpression: update.condition,
    ExpressionAttributeNames: update.names,
    ExpressionAttributeValues: update.values ? toItem(update.values) : undefined,
  };
}

/**
 * Applies one update. Returns the item as it is after the update, or
 * undefined when the condition did not hold.
 */
export async function updateItem<T>(update: Update): Promise<T | undefined> {
  const input: UpdateItemCommandInput = { ...updateInput(update), ReturnValues: 'ALL_NEW' };
  try {
    const { Attributes } = await dynamoDbClient().send(new UpdateItemCommand(input));
    return Attributes ? (unmarshall(Attributes) as T) : undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/**
 * Applies one update and reads nothing back: true when it was applied, false
 * when the condition did not hold. For callers that need no attribute, as
 * ALL_NEW would send a whole item back to be parsed and dropped.
 */
export async function applyUpdate(update: Update): Promise<boolean> {
  const input: UpdateItemCommandInput = { ...updateInput(update), ReturnValues: 'NONE' };
  try {
    await dynamoDbClient().send(new UpdateItemCommand(input));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
