import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { routeKey, routes } from '../functions/platform/api/routes.js';

/**
 * Everything that differs between deployments of cugar-sales, in one place, so
 * a reviewer can compare dev, staging and prod without reading the constructs.
 */

/** The deployments we run; each becomes one stack, `CugarSales-<stage>`. */
export const stageNames = ['dev', 'staging', 'prod'] as const;

/** One of {@link stageNames}. */
export type StageName = (typeof stageNames)[number];

/**
 * How `caller` routes authenticate: SigV4 with the caller's IAM credentials,
 * or a JWT from the stack's Cognito user pool.
 */
export type AuthMode = 'iam' | 'cognito';

/** A steady request rate and the burst above it, in requests per second. */
export interface Throttle {
  rateLimit: number;
  burstLimit: number;
}

/**
 * Where the LLM planner finds its model. The key is never in code or in the
 * template: an operator creates the secret by name before the first deploy.
 */
export interface LlmPlannerSettings {
  /** Name of a Secrets Manager secret whose value is the OpenAI API key. */
  apiKeySecretName: string;
  model: string;
  /** Any OpenAI-compatible server; unset means the client's default. */
  baseUrl?: string;
}

/** The settings one stage deploys with; the constructs read nothing else. */
export interface StageSettings {
  stage: StageName;
  /** Prefix of every physical name (tables, functions, state machine, API, dashboard). */
  namePrefix: string;
  logRetention: RetentionDays;
  /** Applied to tables, log groups and the signing secret. */
  removalPolicy: RemovalPolicy;
  /** How long a run waits for a human decision before the approval times out. */
  approvalTimeoutSeconds: number;
  /** Budget units a run gets when its request names none. */
  defaultRunBudget: number;
  /**
   * The most budget units one run may ask for, given to the api as
   * MAX_RUN_BUDGET. Known shortcoming: start-run.ts does not read it yet and
   * caps requests at its own 10 000 units.
   */
  maxRunBudget: number;
  auth: AuthMode;
  /** API Gateway stage throttling: the ceiling of every route. */
  apiThrottle: Throttle;
  /**
   * Tighter limits for routes that cost more than a read, keyed `POST /runs`:
   * starting a run buys tokens and Lambda time, deciding one resumes a workflow.
   */
  routeThrottles: Partial<Record<string, Throttle>>;
  /** Unset: every run is planned by the rules, and no function sees an OpenAI key. */
  llmPlanner?: LlmPlannerSettings;
  /**
   * Alarm thresholds. First guesses, to be tuned once real traffic tells us
   * what normal looks like.
   */
  alarms: {
    /** Failed, timed-out or aborted executions in one evaluation period. */
    failedRuns: number;
    /** API 5XX answers in one evaluation period. */
    apiServerErrors: number;
    /** Errors of any one function in one evaluation period. */
    functionErrors: number;
    /** Runs that ended FAILED, as a percentage of the runs that ended. */
    runErrorRatePercent: number;
    /**
     * P95 of a run's duration, human wait included; above the approval
     * timeout means runs are stuck rather than waiting.
     */
    runDurationP95Seconds: number;
    /** Approvals nobody decided before they timed out. */
    approvalTimeouts: number;
    /** Steps refused for want of budget, all domains together. */
    budgetRefusals: number;
    period: Duration;
  };
  /** An existing SNS topic every alarm notifies. */
  alarmTopicArn?: string;
  /** Instead of a topic ARN: the stack creates a topic with this address subscribed. */
  alarmEmail?: string;
}

const defaultAlarms: StageSettings['alarms'] = {
  failedRuns: 5,
  apiServerErrors: 10,
  functionErrors: 5,
  runErrorRatePercent: 20,
  runDurationP95Seconds: 86_400 + 3_600,
  approvalTimeouts: 10,
  budgetRefusals: 20,
  period: Duration.minutes(5),
};

/** Starting runs and deciding approvals, well below the stage's read rate. */
function writeThrottles(rateLimit: number, burstLimit: number): StageSettings['routeThrottles'] {
  return {
    'POST /runs': { rateLimit, burstLimit },
    'POST /approvals/{approvalId}': { rateLimit, burstLimit },
  };
}

const settingsByStage: Record<StageName, StageSettings> = {
  dev: {
    stage: 'dev',
    namePrefix: 'cugar-sales-dev',
    logRetention: RetentionDays.ONE_WEEK,
    removalPolicy: RemovalPolicy.DESTROY,
    approvalTimeoutSeconds: 3_600,
    defaultRunBudget: 100,
    maxRunBudget: 1_000,
    auth: 'iam',
    apiThrottle: { rateLimit: 10, burstLimit: 20 },
    routeThrottles: writeThrottles(2, 5),
    alarms: { ...defaultAlarms, runDurationP95Seconds: 3_600 + 900 },
  },
  staging: {
    stage: 'staging',
    namePrefix: 'cugar-sales-staging',
    logRetention: RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
    approvalTimeoutSeconds: 86_400,
    defaultRunBudget: 100,
    maxRunBudget: 2_000,
    auth: 'iam',
    apiThrottle: { rateLimit: 50, burstLimit: 100 },
    routeThrottles: writeThrottles(10, 20),
    llmPlanner: { apiKeySecretName: 'cugar-sales-staging/openai-api-key', model: 'gpt-4.1-mini' },
    alarms: defaultAlarms,
  },
  prod: {
    stage: 'prod',
    namePrefix: 'cugar-sales-prod',
    logRetention: RetentionDays.SIX_MONTHS,
    removalPolicy: RemovalPolicy.RETAIN,
    approvalTimeoutSeconds: 86_400,
    defaultRunBudget: 100,
    maxRunBudget: 2_000,
    auth: 'iam',
    apiThrottle: { rateLimit: 50, burstLimit: 100 },
    routeThrottles: writeThrottles(10, 20),
    llmPlanner: { apiKeySecretName: 'cugar-sales-prod/openai-api-key', model: 'gpt-4.1-mini' },
    alarms: {
      ...defaultAlarms,
      failedRuns: 3,
      apiServerErrors: 5,
      functionErrors: 3,
      runErrorRatePercent: 10,
      approvalTimeouts: 5,
      budgetRefusals: 10,
    },
  },
};

/** The settings of one stage. */
export function stageSettings(stage: StageName): StageSettings {
  return settingsByStage[stage];
}

/**
 * Fails the synth on settings that would deploy but make no sense: a route
 * throttle for a route that does not exist or above the stage's own ceiling,
 * a default budget above the maximum, two alarm destinations. The stack calls
 * it first, so settings a test overrides are checked too.
 */
export function checkStageSettings(settings: StageSettings): void {
  const known = new Set(routes.map((route) => routeKey(route.method, route.resource)));
  for (const [key, throttle] of Object.entries(settings.routeThrottles)) {
    if (!known.has(key)) throw new Error(`${settings.stage}: no route '${key}' to throttle`);
    const { rateLimit, burstLimit } = settings.apiThrottle;
    if (throttle && (throttle.rateLimit > rateLimit || throttle.burstLimit > burstLimit)) {
      throw new Error(`${settings.stage}: '${key}' is throttled above the stage's limits`);
    }
  }
  if (settings.defaultRunBudget > settings.maxRunBudget) {
    throw new Error(`${settings.stage}: the default run budget exceeds the maximum`);
  }
  if (settings.alarmTopicArn && settings.alarmEmail) {
    throw new Error(`${settings.stage}: give alarmTopicArn or alarmEmail, not both`);
  }
}

/**
 * Picks the stage: CDK context `-c stage=...` first, then `CUGAR_STAGE`, then
 * `dev`. An unknown name fails the synth rather than deploying something odd.
 */
export function resolveStageName(fromContext: unknown, fromEnv: string | undefined): StageName {
  const requested = fromContext ?? (fromEnv || undefined) ?? 'dev';
  const known = stageNames.find((name) => name === requested);
  if (!known) {
    const expected = stageNames.join(', ');
    throw new Error(`unknown stage '${String(requested)}'; expected one of ${expected}`);
  }
  return known;
}
