import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

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

/** The settings one stage deploys with; the constructs read nothing else. */
export interface StageSettings {
  stage: StageName;
  /** Prefix of every physical name (tables, functions, state machine, API). */
  namePrefix: string;
  logRetention: RetentionDays;
  /** Applied to tables, log groups and the signing secret. */
  removalPolicy: RemovalPolicy;
  /** How long a run waits for a human decision before the approval times out. */
  approvalTimeoutSeconds: number;
  /** Budget units a run gets when its request names none. */
  defaultRunBudget: number;
  auth: AuthMode;
  /** API Gateway stage throttling, in requests per second. */
  apiThrottle: { rateLimit: number; burstLimit: number };
  /**
   * Alarm thresholds. First guesses, to be tuned once real traffic tells us
   * what normal looks like.
   */
  alarms: {
    /** Failed or timed-out runs in one evaluation period. */
    failedRuns: number;
    /** API 5XX answers in one evaluation period. */
    apiServerErrors: number;
    /** Errors of any one function in one evaluation period. */
    functionErrors: number;
    period: Duration;
  };
}

const defaultAlarms: StageSettings['alarms'] = {
  failedRuns: 5,
  apiServerErrors: 10,
  functionErrors: 5,
  period: Duration.minutes(5),
};

const settingsByStage: Record<StageName, StageSettings> = {
  dev: {
    stage: 'dev',
    namePrefix: 'cugar-sales-dev',
    logRetention: RetentionDays.ONE_WEEK,
    removalPolicy: RemovalPolicy.DESTROY,
    approvalTimeoutSeconds: 3_600,
    defaultRunBudget: 100,
    auth: 'iam',
    apiThrottle: { rateLimit: 10, burstLimit: 20 },
    alarms: defaultAlarms,
  },
  staging: {
    stage: 'staging',
    namePrefix: 'cugar-sales-staging',
    logRetention: RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
    approvalTimeoutSeconds: 86_400,
    defaultRunBudget: 100,
    auth: 'iam',
    apiThrottle: { rateLimit: 50, burstLimit: 100 },
    alarms: defaultAlarms,
  },
  prod: {
    stage: 'prod',
    namePrefix: 'cugar-sales-prod',
    logRetention: RetentionDays.SIX_MONTHS,
    removalPolicy: RemovalPolicy.RETAIN,
    approvalTimeoutSeconds: 86_400,
    defaultRunBudget: 100,
    auth: 'iam',
    apiThrottle: { rateLimit: 50, burstLimit: 100 },
    alarms: { ...defaultAlarms, failedRuns: 3, apiServerErrors: 5, functionErrors: 3 },
  },
};

/** The settings of one stage. */
export function stageSettings(stage: StageName): StageSettings {
  return settingsByStage[stage];
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
