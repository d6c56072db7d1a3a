import * as z from 'zod';

/**
 * What a rep knows about a deal, element by element, and how we read it.
 * Only explicit evidence counts: an element nobody mentioned is `unknown`,
 * never assumed. Each element may be given as
 * - `true` / `false`: confirmed, or known to be missing (a gap);
 * - a note: read as a gap when it starts with a negation ("no budget yet"),
 *   as unknown when it says so ("TBD", "unclear"), otherwise as confirmed;
 * - `{ status, note }`: the rep's own verdict, taken as given.
 * Competition may also be a list of competitor names.
 */

/** The BANT elements, in the order reports list them. */
export const bantElements = ['budget', 'authority', 'need', 'timeline'] as const;

/** The MEDDICC elements, in the order reports list them. */
export const meddiccElements = [
  'metrics',
  'economicBuyer',
  'decisionCriteria',
  'decisionProcess',
  'identifyPain',
  'champion',
  'competition',
] as const;

export type EvidenceElement = (typeof bantElements)[number] | (typeof meddiccElements)[number];

export const elementStatuses = ['confirmed', 'unknown', 'gap'] as const;
export type ElementStatus = (typeof elementStatuses)[number];

const statedSchema = z.object({
  status: z.enum(elementStatuses),
  note: z.string().max(2000).optional(),
});

const itemSchema = z.union([z.boolean(), z.string().max(2000), statedSchema]).nullable();

/** The qualification evidence both qualify-opportunity and assess-deal-risk take. */
export const evidenceSchema = z.object({
  budget: itemSchema.optional(),
  authority: itemSchema.optional(),
  need: itemSchema.optional(),
  timeline: itemSchema.optional(),
  metrics: itemSchema.optional(),
  economicBuyer: itemSchema.optional(),
  decisionCriteria: itemSchema.optional(),
  decisionProcess: itemSchema.optional(),
  identifyPain: itemSchema.optional(),
  champion: itemSchema.optional(),
  competition: z.union([itemSchema, z.array(z.string().min(1).max(200)).max(50)]).optional(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

/** One element as read from the evidence. */
export interface ReadElement {
  element: EvidenceElement;
  status: ElementStatus;
  /** The rep's words, or null when there were none. */
  evidence: string | null;
  /** How the input was read, so a surprising status can be traced. */
  readAs: string;
}

const unknownText = /^(unknown|tbd|tba|n\/?a|not sure|unclear|maybe|\?+)(\b|$)/i;
const gapText = /^(no|none|not|nothing|nobody|no-one|lacks?|lacking|missing|without)\b/i;
const noCompetitionText = /^(none|no competition|no competitors?)\b/i;

function readText(element: EvidenceElement, raw: string): ReadElement {
  const text = raw.trim();
  if (text === '' || unknownText.test(text)) {
    return { element, status: 'unknown', evidence: text || null, readAs: 'note says unknown' };
  }
  if (element === 'competition') {
    const none = noCompetitionText.test(text);
    return {
      element,
      status: 'confirmed',
      evidence: text,
      readAs: none ? 'note says there is no competition' : 'note names the competition',
    };
  }
  if (gapText.test(text)) {
    return { element, status: 'gap', evidence: text, readAs: 'note starts with a negation' };
  }
  return { element, status: 'confirmed', evidence: text, readAs: 'note states it' };
}

/** Reads one element of `evidence`; absent or null means unknown. */
export function readElement(evidence: Evidence | undefined, element: EvidenceElement): ReadElement {
  const item = evidence?.[element];
  if (item === undefined || item === null) {
    return { element, status: 'unknown', evidence: null, readAs: 'not mentioned' };
  }
  if (Array.isArray(item)) {
    if (item.length === 0) {
      return { element, status: 'confirmed', evidence: 'none', readAs: 'empty competitor list' };
    }
    return { element, status: 'confirmed', evidence: item.join(', '), readAs: 'competitor list' };
  }
  if (typeof item === 'boolean') {
    if (element === 'competition') {
      const text = item ? 'competition present, unnamed' : 'no competition';
      return { element, status: 'confirmed', evidence: text, readAs: `flag ${item}` };
    }
    return { element, status: item ? 'confirmed' : 'gap', evidence: null, readAs: `flag ${item}` };
  }
  if (typeof item === 'string') return readText(element, item);
  return { element, status: item.status, evidence: item.note ?? null, readAs: 'status given' };
}
