import * as z from 'zod';
import {
  accountSchema,
  contactSchema,
  type Account,
  type Contact,
} from '../../commons/sales-model.js';
import { defineTool } from '../../commons/tool.js';
import { leftoverPlaceholder } from '../template.js';
import { firstNameOf } from './draft-outreach.js';

/**
 * Reviews an outreach message before a person sends it: length, a call to
 * action, real personalisation, the subject line, a generic opening, left
 * placeholders and a pushy tone. Each finding says what to change. Errors
 * block `readyToSend`; warnings only lower the score.
 */

const severities = ['error', 'warning'] as const;
type Severity = (typeof severities)[number];

const issueSchema = z.object({
  code: z.string(),
  severity: z.enum(severities),
  detail: z.string(),
  suggestion: z.string(),
});
type Issue = z.infer<typeof issueSchema>;

const checksSchema = z.object({
  bodyWords: z.number(),
  subjectCharacters: z.number(),
  subjectWords: z.number(),
  questions: z.number(),
  exclamations: z.number(),
  placeholders: z.number(),
  pushyPhrases: z.number(),
  /** Names of the contact or account found in the message. */
  personalTokensFound: z.number(),
});

/** The points an issue of each severity costs, out of 100. */
export const penalties: Record<Severity, number> = { error: 25, warning: 10 };

/** Body length limits, in words. */
export const bodyWordRange = { min: 50, max: 200 } as const;
export const subjectMaxCharacters = 60;

/** The lowest score that may be sent, given no error. */
export const readyScore = 70;

const ctaPatterns =
  /\?|\b(reply|let me know|schedule|book a|set up a|call|meeting|demo|are you open|would you)\b/i;
const genericOpenings = new RegExp(
  '^(i hope this (e-?mail|message|note) finds you well|i am reaching out|' +
    "i'm reaching out|my name is|i wanted to introduce|allow me to introduce|" +
    'to whom it may concern|dear sir or madam)',
  'i',
);
const genericGreeting = /^(hi|hello|dear|hey) (there|sir|madam|sir or madam|friend|team)\b/i;
const pushyPhrases = [
  'act now',
  'limited time',
  'last chance',
  "don't miss",
  'urgent',
  'asap',
  'immediately',
  'guaranteed',
  'you must',
  'final offer',
  'buy now',
];
const spammySubject = /\b(free|urgent|act now|winner|guarantee[d]?)\b|!{2,}|\$\$/i;

const words = (text: string) => text.split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

function personalTokens(contact: Contact | undefined, account: Account | undefined): string[] {
  const first = contact ? firstNameOf(contact.name) : undefined;
  return [first, contact?.name, account?.name].filter((t): t is string => !!t && t.length > 1);
}

function openingLines(body: string): { greeting: string; opening: string } {
  const lines = body
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const greetingFirst = /^(hi|hello|dear|hey|good (morning|afternoon))\b/i.test(lines[0] ?? '');
  return {
    greeting: greetingFirst ? (lines[0] ?? '') : '',
    opening: (greetingFirst ? lines[1] : lines[0]) ?? '',
  };
}

/** Reviews `message`; pure, so the same message gets the same review. */
export function assessMessageQuality(
  message: { subject: string; body: string },
  contact?: Contact,
  account?: Account,
) {
  const { subject, body } = message;
  const issues: Issue[] = [];
  const flag = (code: string, severity: Severity, detail: string, suggestion: string) =>
    issues.push({ code, severity, detail, suggestion });
  const text = `${subject}\n${body}`;
  const lower = text.toLowerCase();

  const placeholders = count(text, leftoverPlaceholder);
  if (placeholders > 0) {
    const found = [...new Set(text.match(leftoverPlaceholder))].join(', ');
    flag('leftover-placeholder', 'error', `unfilled ${found}`, 'Fill or remove every {{...}}.');
  }

  const bodyWords = words(body);
  if (bodyWords < bodyWordRange.min) {
    flag(
      'too-short',
      'warning',
      `${bodyWords} words, fewer than ${bodyWordRange.min}`,
      'Say why you are writing and what they gain.',
    );
  } else if (bodyWords > bodyWordRange.max) {
    flag(
      'too-long',
      'warning',
      `${bodyWords} words, more than ${bodyWordRange.max}`,
      'Cut to one idea and one ask.',
    );
  }

  if (!ctaPatterns.test(body)) {
    flag(
      'no-call-to-action',
      'warning',
      'no question or request for a next step',
      'End with one clear ask, such as a short call.',
    );
  }

  const tokens = personalTokens(contact, account);
  const found = tokens.filter((t) => lower.includes(t.toLowerCase()));
  if (tokens.length === 0) {
    flag(
      'personalisation-unchecked',
      'warning',
      'no contact or account to check against',
      'Pass the contact and account so personalisation can be checked.',
    );
  } else if (found.length === 0) {
    flag(
      'not-personalised',
      'error',
      `none of ${tokens.join(', ')} appears`,
      "Use the contact's name or the company's name.",
    );
  }

  const { greeting, opening } = openingLines(body);
  if (contact && genericGreeting.test(greeting)) {
    flag(
      'generic-greeting',
      'warning',
      `greeting "${greeting}" ignores the contact's name`,
      `Greet ${firstNameOf(contact.name) ?? contact.name} by name.`,
    );
  }
  if (genericOpenings.test(opening)) {
    flag(
      'generic-opening',
      'warning',
      `opens with "${opening.slice(0, 60).trim()}"`,
      'Open with something about them, not about you.',
    );
  }

  const subjectWords = words(subject);
  if (subject.trim() === '') {
    flag('subject-missing', 'error', 'the subject is empty', 'Write a short, specific subject.');
  } else if (subject.length > subjectMaxCharacters) {
    const detail = `${subject.length} characters, over ${subjectMaxCharacters}`;
    flag('subject-too-long', 'warning', detail, 'Keep the subject under 60 characters.');
  } else if (subjectWords < 2) {
    flag('subject-too-short', 'warning', `${subjectWords} word`, 'Say what the email is about.');
  }
  if (spammySubject.test(subject) || (subject.length > 3 && subject === subject.toUpperCase())) {
    flag(
      'subject-spammy',
      'warning',
      `"${subject}" reads like spam`,
      'Drop capitals, exclamation marks and sales words.',
    );
  }

  const pushy = pushyPhrases.filter((p) => lower.includes(p));
  const exclamations = count(text, /!/g);
  if (pushy.length > 0 || exclamations >= 2) {
    const marks = exclamations >= 2 ? [`${exclamations} exclamation marks`] : [];
    const what = [...pushy.map((p) => `"${p}"`), ...marks];
    flag(
      'pushy-tone',
      'warning',
      `pressure: ${what.join(', ')}`,
      'Offer, do not press: remove urgency and exclamation marks.',
    );
  }

  const score = Math.max(0, 100 - issues.reduce((sum, i) => sum + penalties[i.severity], 0));
  return {
    score,
    grade: gradeOf(score),
    issues,
    readyToSend: score >= readyScore && !issues.some((i) => i.severity === 'error'),
    checks: {
      bodyWords,
      subjectCharacters: subject.length,
      subjectWords,
      questions: count(body, /\?/g),
      exclamations,
      placeholders,
      pushyPhrases: pushy.length,
      personalTokensFound: found.length,
    },
  };
}

/** The lowest score of each grade, best first. */
export const gradeFloors = [
  ['A', 90],
  ['B', 80],
  ['C', 70],
  ['D', 60],
  ['F', 0],
] as const;

function gradeOf(score: number): 'A' | 'B' | 'C' | 'D' | 'F' {
  return gradeFloors.find(([, floor]) => score >= floor)?.[0] ?? 'F';
}

/** The engagement tool that reviews a message before anyone sends it. */
export const assessMessageQualityTool = defineTool({
  name: 'assess-message-quality',
  domain: 'engagement',
  sideEffect: 'read-only',
  cost: 1,
  description:
    'Reviews an outreach message for length, call to action, personalisation, subject, ' +
    'generic opening, leftover placeholders and pushy tone; grades it and says if it is ready.',
  input: z.object({
    // The planner passes draft-outreach's whole output here; its other keys are ignored.
    message: z.looseObject({ subject: z.string().max(300), body: z.string().max(10_000) }),
    contact: contactSchema.optional(),
    account: accountSchema.optional(),
  }),
  output: z.object({
    score: z.number().min(0).max(100),
    grade: z.enum(['A', 'B', 'C', 'D', 'F']),
    issues: z.array(issueSchema),
    readyToSend: z.boolean(),
    checks: checksSchema,
  }),
  run: ({ message, contact, account }) => assessMessageQuality(message, contact, account),
});
