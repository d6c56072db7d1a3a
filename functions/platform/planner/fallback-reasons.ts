/**
 * Why a run configured for the LLM planner was planned by the rules instead:
 * the `fallbackReason` the plan records and GET /runs/{id} shows. Each is a
 * short, stable string that a dashboard or a test can match exactly.
 *
 * The model could not be asked or did not answer:
 * - `llm_timeout`: no answer within OPENAI_TIMEOUT_MS
 * - `llm_rate_limited`: the server answered 429
 * - `llm_http_<status>`: any other HTTP error, e.g. `llm_http_500`, `llm_http_401`
 * - `llm_unreachable`: no connection to OPENAI_BASE_URL
 * - `llm_error`: anything else the client threw
 *
 * The model answered, but not with a plan:
 * - `llm_refused`: a refusal, or the answer was cut by the content filter
 * - `llm_truncated`: the answer hit the length limit
 * - `llm_empty_answer`: no content at all
 * - `llm_malformed_json`: content that is not JSON
 *
 * The model answered with a plan we do not run:
 * - `llm_invalid_plan:<path>`: not the shape asked for, e.g. `llm_invalid_plan:steps.0.id`
 * - `llm_duplicate_step:<id>`: two steps share an id
 * - `llm_reserved_step_id:<id>`: `planner`, or `approve-...` which approvals own
 * - `llm_unknown_tool:<name>`: no such tool
 * - `llm_tool_not_allowed:<name>`: a tool the run's profile may not use
 * - `llm_bad_ref:<ref>`: a `$ref` that names nothing a step can read
 * - `llm_ref_not_earlier:<id>`: a `$ref` to a step that does not run before
 * - `llm_invalid_input:<tool>`: an input its tool's schema rejects
 * - `llm_over_budget`: the steps cost more than the budget left after planning
 *
 * No key (`OPENAI_API_KEY` unset) is not a fallback: no LLM was configured,
 * so the plan is a plain rules plan with no reason.
 */

/** The low-cardinality class of a reason: the PlannerFallbacks metric's dimension. */
export type FallbackClass =
  | 'timeout'
  | 'rate_limited'
  | 'http'
  | 'unreachable'
  | 'error'
  | 'refused'
  | 'malformed'
  | 'invalid_plan'
  | 'over_budget';

const classByReason: Record<string, FallbackClass> = {
  llm_timeout: 'timeout',
  llm_rate_limited: 'rate_limited',
  llm_http: 'http',
  llm_unreachable: 'unreachable',
  llm_error: 'error',
  llm_refused: 'refused',
  llm_truncated: 'malformed',
  llm_empty_answer: 'malformed',
  llm_malformed_json: 'malformed',
  llm_over_budget: 'over_budget',
};

/** Maps a reason to its class; every rejected plan is `invalid_plan`. */
export function fallbackClass(reason: string): FallbackClass {
  const head = reason.split(':')[0] ?? reason;
  const kind = head.startsWith('llm_http_') ? 'llm_http' : head;
  return classByReason[kind] ?? 'invalid_plan';
}
