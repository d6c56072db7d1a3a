import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import OpenAI from 'openai';
import { logger } from '../../commons/powertools.js';
import { llmAnswerJsonSchema } from './llm-prompt.js';

/**
 * One chat completion that asks for a plan, through the official client, so
 * any OpenAI-compatible server will do. It never throws: whatever goes wrong
 * comes back as a fallback reason (see fallback-reasons.ts), with the tokens
 * the server says it used, for the run's budget.
 */

/**
 * On AWS the key is a Secrets Manager secret named by OPENAI_API_KEY_SECRET_ARN;
 * locally OPENAI_API_KEY holds the key itself and wins. plan-run.ts asks the
 * LLM only when OPENAI_API_KEY is set, so the secret is read into it once, as
 * this module loads. A key that cannot be read leaves the rules to plan.
 * Known shortcoming: a rotated key reaches only new Lambda environments.
 */
export async function loadApiKeyFromSecret(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const secretArn = env.OPENAI_API_KEY_SECRET_ARN;
  if (env.OPENAI_API_KEY || !secretArn) return;
  try {
    const key = await getSecret(secretArn);
    if (typeof key === 'string' && key.trim()) env.OPENAI_API_KEY = key.trim();
    else logger.error('openai key secret is empty; planning by the rules', { secretArn });
  } catch (error) {
    logger.error('openai key secret not read; planning by the rules', { secretArn, error });
  }
}

await loadApiKeyFromSecret();

/** Where and how to ask, from the environment. */
export interface LlmSettings {
  apiKey: string;
  model: string;
  /** Unset: the client's own default, api.openai.com. */
  baseURL?: string;
  timeoutMs: number;
}

/** The model's answer parsed as JSON (not yet checked), or why there is none. */
export type LlmReply =
  { ok: true; answer: unknown; tokens: number } | { ok: false; reason: string; tokens: number };

/** Asks the model for a plan; `messages` come from planningMessages. */
export async function askForPlan(
  settings: LlmSettings,
  messages: { role: 'system' | 'user'; content: string }[],
): Promise<LlmReply> {
  const client = new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    timeout: settings.timeoutMs,
    // No retries: a failed call falls back to the rules planner at once. That
    // fallback is our retry policy, and a retry would eat the Plan state's time.
    maxRetries: 0,
  });

  let completion: OpenAI.Chat.Completions.ChatCompletion;
  try {
    completion = await client.chat.completions.create({
      model: settings.model,
      messages,
      // Chat completions with a JSON Schema is what compatible servers support
      // most widely; not strict, as a step's input is a free-form object.
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'sales_run_plan', schema: llmAnswerJsonSchema, strict: false },
      },
    });
  } catch (error) {
    return { ok: false, reason: reasonForError(error), tokens: 0 };
  }

  const tokens = completion.usage?.total_tokens ?? 0;
  const choice = completion.choices[0];
  if (choice?.message.refusal || choice?.finish_reason === 'content_filter') {
    return { ok: false, reason: 'llm_refused', tokens };
  }
  if (choice?.finish_reason === 'length') return { ok: false, reason: 'llm_truncated', tokens };
  const content = choice?.message.content?.trim();
  if (!content) return { ok: false, reason: 'llm_empty_answer', tokens };

  try {
    return { ok: true, answer: JSON.parse(withoutCodeFence(content)), tokens };
  } catch {
    return { ok: false, reason: 'llm_malformed_json', tokens };
  }
}

/** Some servers wrap JSON in a Markdown fence even when asked not to. */
function withoutCodeFence(content: string): string {
  const fenced = /^```(?:json)?\s*\n([\s\S]*)\n```$/.exec(content);
  return fenced?.[1] ?? content;
}

/** The fallback reason for an error the client threw. */
function reasonForError(error: unknown): string {
  // The timeout error is a connection error, so it is tested first.
  if (error instanceof OpenAI.APIConnectionTimeoutError) return 'llm_timeout';
  if (error instanceof OpenAI.APIConnectionError) return 'llm_unreachable';
  if (error instanceof OpenAI.RateLimitError) return 'llm_rate_limited';
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    return `llm_http_${error.status}`;
  }
  return 'llm_error';
}
