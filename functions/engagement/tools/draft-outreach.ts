import * as z from 'zod';
import {
  accountSchema,
  contactSchema,
  type Account,
  type Contact,
} from '../../commons/sales-model.js';
import { defineTool } from '../../commons/tool.js';
import {
  accountSignalsSchema,
  type AccountSignals,
} from '../../intelligence/tools/account-signals.js';
import { accountFitSchema, type AccountFit } from '../../intelligence/tools/score-account-fit.js';
import { renderTemplate } from '../template.js';

/**
 * Drafts a first outreach email from what we know: the contact, the account,
 * its CRM history and its fit. It only proposes: a person reviews, edits and
 * sends it. Variables it cannot fill are reported, never hidden.
 */

const templateSchema = z.object({
  subject: z.string().min(1).max(300),
  body: z.string().min(1).max(10_000),
});

/** The template used when the caller gives none. */
export const defaultOutreachTemplate = {
  subject: '{{product|Reliable hardware}} for {{account.name}}',
  body: [
    'Hi {{contact.firstName|there}},',
    '',
    '{{relationship|}} We help {{account.sector|growing}} companies like {{account.name}} put ' +
      'dependable hardware in place without a long procurement cycle, and ' +
      '{{product|our GTX and MG series}} is where most of them start.',
    '',
    '{{callToAction}}',
    '',
    'Best regards',
  ].join('\n'),
};

/** The variables a template may use; any other name is reported as missing. */
export const outreachVariables = [
  'contact.firstName',
  'contact.name',
  'contact.title',
  'account.name',
  'account.sector',
  'account.country',
  'product',
  'relationship',
  'callToAction',
  'fit.tier',
  'fit.score',
] as const;

const inputSchema = z.object({
  account: accountSchema,
  contact: contactSchema.optional(),
  signals: accountSignalsSchema.partial().optional(),
  fit: accountFitSchema.partial().optional(),
  template: templateSchema.optional(),
});
type DraftInput = z.infer<typeof inputSchema>;

/** The draft-outreach output; assess-message-quality accepts it as `message`. */
export const outreachDraftSchema = z.object({
  subject: z.string(),
  body: z.string(),
  channel: z.literal('email'),
  to: z.email().optional(),
  template: z.enum(['given', 'default']),
  variablesUsed: z.array(z.string()),
  variablesMissing: z.array(z.string()),
  /** Variables with no value whose fallback text was used instead. */
  fallbacksUsed: z.array(z.string()),
  personalisationScore: z.number().min(0).max(100),
  personalisationReasons: z.array(z.string()),
});
export type OutreachDraft = z.infer<typeof outreachDraftSchema>;

const honorifics = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir']);

/** The first name of `name`, skipping a title such as "Dr.". */
export function firstNameOf(name: string): string | undefined {
  const words = name.trim().split(/\s+/);
  return words.find((w) => !honorifics.has(w.toLowerCase().replace(/\.$/, '')));
}

function relationshipLine(signals: Partial<AccountSignals> | undefined): string | undefined {
  if (!signals?.hasHistory) return undefined;
  const bought = signals.productsBought ?? [];
  const wonCount = signals.won?.count ?? 0;
  if (wonCount > 0 && bought.length > 0) {
    const orders = wonCount === 1 ? '1 order' : `${wonCount} orders`;
    return `Thank you for your ${orders} with us so far (${bought.join(', ')}).`;
  }
  const days = signals.daysSinceLastEngagement;
  if (typeof days === 'number' && days >= 90) {
    return `It has been ${Math.floor(days / 30)} months since we last spoke.`;
  }
  return 'Following up on our recent conversation:';
}

function callToAction(fit: Partial<AccountFit> | undefined): string {
  if (fit?.tier === 'A' || fit?.tier === 'B') {
    return 'Would you be open to a 20-minute call next week to see whether it fits your plans?';
  }
  return 'Would a one-page overview be useful? Reply to this email and I will send it.';
}

function values(input: DraftInput): Record<string, string | undefined> {
  const { account, contact, signals, fit } = input;
  return {
    'contact.firstName': contact ? firstNameOf(contact.name) : undefined,
    'contact.name': contact?.name,
    'contact.title': contact?.title,
    'account.name': account.name,
    'account.sector': account.sector,
    'account.country': account.country,
    product: signals?.productsBought?.[0],
    relationship: relationshipLine(signals),
    callToAction: callToAction(fit),
    'fit.tier': fit?.tier,
    'fit.score': fit?.score === undefined ? undefined : String(fit.score),
  };
}

const personalisationPoints = [
  { points: 25, what: 'greets the contact by name', uses: ['contact.firstName', 'contact.name'] },
  { points: 20, what: 'names the account', uses: ['account.name'] },
  { points: 15, what: "names the account's sector", uses: ['account.sector'] },
  { points: 15, what: 'names a product the account bought', uses: ['product'] },
  { points: 15, what: 'refers to our history with the account', uses: ['relationship'] },
] as const;

function personalisation(used: Set<string>, contact: Contact | undefined, account: Account) {
  const reasons: string[] = [];
  let score = 0;
  for (const rule of personalisationPoints) {
    const hit = rule.uses.some((name) => used.has(name));
    score += hit ? rule.points : 0;
    reasons.push(`${hit ? `+${rule.points}` : '+0'}: ${hit ? '' : 'does not '}${rule.what}`);
  }
  const email = contact?.email;
  score += email ? 10 : 0;
  reasons.push(email ? `+10: addressed to ${email}` : `+0: no email address for ${account.name}`);
  return { score, reasons };
}

/** Renders the outreach draft; pure, so the same input gives the same draft. */
export function draftOutreach(input: DraftInput): OutreachDraft {
  const template = input.template ?? defaultOutreachTemplate;
  const known = new Set<string>(outreachVariables);
  const filled = Object.fromEntries(
    Object.entries(values(input)).filter(([name]) => known.has(name)),
  );
  const subject = renderTemplate(template.subject, filled);
  const body = renderTemplate(template.body, filled);
  const merge = (a: string[], b: string[]) => [...new Set([...a, ...b])];
  const used = merge(subject.used, body.used);
  const { score, reasons } = personalisation(new Set(used), input.contact, input.account);
  return {
    subject: subject.text,
    body: body.text,
    channel: 'email',
    ...(input.contact?.email ? { to: input.contact.email } : {}),
    template: input.template ? 'given' : 'default',
    variablesUsed: used,
    variablesMissing: merge(subject.missing, body.missing),
    fallbacksUsed: merge(subject.fallbacks, body.fallbacks),
    personalisationScore: score,
    personalisationReasons: reasons,
  };
}

/** The engagement tool that proposes an outreach email for a person to review. */
export const draftOutreachTool = defineTool({
  name: 'draft-outreach',
  domain: 'engagement',
  sideEffect: 'propose',
  cost: 2,
  description:
    'Drafts a personalised outreach email for review from the account, contact, CRM signals ' +
    'and fit, reporting every template variable it could not fill.',
  input: inputSchema,
  output: outreachDraftSchema,
  run: (input) => draftOutreach(input),
});
