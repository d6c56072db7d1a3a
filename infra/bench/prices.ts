/**
 * AWS list prices the bench estimates a run's cost with: us-east-1, on-demand,
 * no free tier, as published on the AWS pricing pages and last checked on
 * the date below. The bench machine has no internet: check them again before
 * quoting a figure.
 */
export const prices = {
  checked: '2025-06-01',
  region: 'us-east-1',
  /** Step Functions Standard workflows, per state transition ($0.025 per 1,000). */
  stepFunctionsPerTransition: 0.025 / 1_000,
  /** Lambda on arm64 (Graviton), per GB-second, first 7.5 billion GB-s a month. */
  lambdaArmPerGbSecond: 0.0000133334,
  /** Lambda requests ($0.20 per million). */
  lambdaPerRequest: 0.2 / 1_000_000,
  /** DynamoDB on-demand write request units ($0.625 per million, since Nov 2024). */
  dynamoDbPerWriteUnit: 0.625 / 1_000_000,
  /** DynamoDB on-demand read request units ($0.125 per million, since Nov 2024). */
  dynamoDbPerReadUnit: 0.125 / 1_000_000,
  /** API Gateway REST API requests ($3.50 per million, first 333 million a month). */
  apiGatewayPerRequest: 3.5 / 1_000_000,
} as const;

/** What one run used, averaged over a pass. */
export interface RunUsage {
  stateTransitions: number;
  /** Per function: invocations per run, mean billed duration (ms) and memory (MB). */
  functions: { name: string; invocations: number; meanMs: number; memoryMb: number }[];
  readUnits: number;
  writeUnits: number;
  apiRequests: number;
}

export interface RunCost {
  stepFunctions: number;
  lambdaCompute: number;
  lambdaRequests: number;
  dynamoDb: number;
  apiGateway: number;
  total: number;
}

/**
 * The estimated AWS cost of one run in USD. Lambda bills each invocation's
 * duration rounded up to the millisecond; the local durations are the time
 * each handler took in process, which is no cold start and no network to
 * DynamoDB, so this is a floor for warm functions rather than a quote.
 */
export function costPerRun(usage: RunUsage): RunCost {
  const stepFunctions = usage.stateTransitions * prices.stepFunctionsPerTransition;
  let lambdaCompute = 0;
  let lambdaRequests = 0;
  for (const fn of usage.functions) {
    const gbSeconds = (Math.ceil(fn.meanMs) / 1000) * (fn.memoryMb / 1024);
    lambdaCompute += fn.invocations * gbSeconds * prices.lambdaArmPerGbSecond;
    lambdaRequests += fn.invocations * prices.lambdaPerRequest;
  }
  const dynamoDb =
    usage.readUnits * prices.dynamoDbPerReadUnit + usage.writeUnits * prices.dynamoDbPerWriteUnit;
  const apiGateway = usage.apiRequests * prices.apiGatewayPerRequest;
  return {
    stepFunctions,
    lambdaCompute,
    lambdaRequests,
    dynamoDb,
    apiGateway,
    total: stepFunctions + lambdaCompute + lambdaRequests + dynamoDb + apiGateway,
  };
}
