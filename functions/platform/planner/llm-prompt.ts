import * as z from 'zod';
import { toolStepSchema, type RunRecord } from '../../commons/run-model.js';
import type { AnyTool } from '../../commons/tool.js';

/**
 * What the LLM planner tells the model and what it asks back. The model
 * writes only tool steps; the planner adds each step's domain and cost from
 * the catalogue and the human approvals itself, so neither can be wrong.
 */

/** One step as the model writes it: the plan's tool step without domain and cost. */
export const llmStepSchema = toolStepSchema.pick({ id: true, tool: true, input: true, why: true });

/** The model's whole answer. */
export const llmAnswerSchema = z.object({
  explanation: z.string().min(1).max(500),
  steps: z.array(llmStepSchema).min(1).max(12),
});
export type LlmAnswer = z.infer<typeof llmAnswerSchema>;

/**
 * A zod schema as JSON Schema, without its `$schema` line: some compatible
 * servers refuse it in `response_format`, and in the prompt it only costs tokens.
 */
function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  // As input: what the value must look like before parsing, defaults not yet applied.
  const { $schema: _draft, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  });
  return rest;
}

/** The answer's JSON Schema, for `response_format` and for the prompt itself. */
export const llmAnswerJsonSchema = jsonSchemaOf(llmAnswerSchema);

/** The run values a step input may point at, when the run has them. */
export const runReferences = {
  'run.account': 'the account the run is about (always present)',
  'run.contact': 'the person to write to',
  'run.template': 'the outreach template the rep gave: { subject, body }',
  'run.evidence': 'what the rep knows of the deal, for qualification',
  'run.crmRecord':
    'the account as a CRM exported it: normalize it first with normalize-account, then use ' +
    "that step's output.account wherever an account is needed",
} as const;

const rules = [
  'You plan one sales run for cugar-sales: pick the tools that serve the goal, in the order',
  'they must run, with the input each needs.',
  'Answer with one JSON object only, valid against this JSON Schema:',
  JSON.stringify(llmAnswerJsonSchema),
  'Rules:',
  "- Use only the tools listed. A step's input must satisfy its tool's input schema.",
  '- An input value is either literal JSON or a reference {"$ref": "<name>"}: one of the run',
  '  references listed, or "steps.<id>.output" for the output of an EARLIER step, optionally',
  '  with a dotted path below it (e.g. "run.account.name").',
  '- The summed cost of the steps must not exceed the budget.',
  '- Step ids: lowercase letters, digits and hyphens, starting with a letter, unique; use',
  '  the tool name. Never "planner", never starting with "approve-".',
  '- Do not add approval steps: every step whose tool has sideEffect "propose" gets a human',
  '  approval automatically.',
  '- "why": one sentence the rep reads. "explanation": one or two sentences on how you read',
  '  the goal.',
].join('\n');

/** The chat messages that ask for a plan of `run` within `budget` units. */
export function planningMessages(
  run: Pick<
    RunRecord,
    'goal' | 'profile' | 'account' | 'contact' | 'template' | 'evidence' | 'crmRecord'
  >,
  tools: Iterable<AnyTool>,
  budget: number,
): { role: 'system' | 'user'; content: string }[] {
  const present = Object.entries(runReferences).filter(
    ([name]) => run[name.slice('run.'.length) as keyof typeof run] !== undefined,
  );
  const request = {
    goal: run.goal,
    profile: run.profile,
    budget,
    references: Object.fromEntries(present),
    tools: [...tools].map((tool) => ({
      name: tool.name,
      description: tool.description,
      cost: tool.cost,
      sideEffect: tool.sideEffect,
      input: jsonSchemaOf(tool.input),
    })),
  };
  return [
    { role: 'system', content: rules },
    { role: 'user', content: JSON.stringify(request) },
  ];
}
