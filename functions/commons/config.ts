import * as z from 'zod';

/** An optional setting where an empty value, as templates often leave, means unset. */
const optionalText = z
  .string()
  .optional()
  .transform((value) => value || undefined);

/**
 * The environment every function reads. On AWS the CDK app sets it; on the
 * local stack the launcher does. Nothing else tells a function where it runs.
 */
const environmentSchema = z.object({
  RUNS_TABLE: z.string().min(1).default('cugar-runs'),
  BUDGETS_TABLE: z.string().min(1).default('cugar-budgets'),
  APPROVALS_TABLE: z.string().min(1).default('cugar-approvals'),
  CRM_TABLE: z.string().min(1).default('cugar-crm'),
  IDEMPOTENCY_TABLE: z.string().min(1).default('cugar-idempotency'),
  CAMPAIGNS_TABLE: z.string().min(1).default('cugar-campaigns'),
  STATE_MACHINE_ARN: z.string().default(''),
  /** The campaign state machine, which runs one sales run per account. */
  CAMPAIGN_STATE_MACHINE_ARN: z.string().default(''),
  /** Base URL of the public API, used to build approval links. */
  PUBLIC_API_URL: z.string().default(''),
  /** Set only where DynamoDB is not AWS's: the local stack, LocalStack. */
  DYNAMODB_ENDPOINT: z.string().optional(),
  /** Set only where Step Functions is not AWS's. */
  SFN_ENDPOINT: z.string().optional(),
  /** Budget units a run gets when its request names none. */
  DEFAULT_RUN_BUDGET: z.coerce.number().int().positive().default(100),
  /** How long a run waits for a human before the approval times out. */
  APPROVAL_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(86_400),
  /** Secrets Manager secret that holds the approval-link signing key. */
  APPROVAL_KEY_SECRET_ARN: z.string().optional(),
  /** The signing key itself; the local stack sets it from its key file. */
  APPROVAL_SIGNING_KEY: z.string().optional(),
  /**
   * Says the planner has an LLM (its key is in Secrets Manager, where the API
   * cannot read it), so the API must not refuse goals only the LLM can read.
   */
  LLM_PLANNER_ENABLED: z.stringbool().default(false),
  /** The largest budget a run may ask for. */
  MAX_RUN_BUDGET: z.coerce.number().int().positive().default(10_000),
  /** Turns the LLM planner on; without it every run is planned by the rules. */
  OPENAI_API_KEY: optionalText,
  /** The chat model the LLM planner asks. */
  OPENAI_MODEL: z.string().min(1).default('gpt-4.1-mini'),
  /** Any OpenAI-compatible server; the client's default (api.openai.com) when unset. */
  OPENAI_BASE_URL: optionalText,
  /** How long the planner waits for the model before it plans by the rules. */
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
});

export type Environment = z.infer<typeof environmentSchema>;

/** Reads the environment afresh; cheap enough to call per invocation. */
export function readEnvironment(env = process.env): Environment {
  return environmentSchema.parse(env);
}
