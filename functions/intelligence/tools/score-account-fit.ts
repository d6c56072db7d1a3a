import * as z from 'zod';
import { accountSchema, type Account } from '../../commons/sales-model.js';
import { defineTool } from '../../commons/tool.js';
import { canonicalCountry, canonicalSector } from '../vocabulary.js';

/**
 * How well an account matches the ideal customer profile. Each criterion
 * scores 0-100 and carries its weight; an account field that is missing
 * scores 0 for its criterion (unknown is never a match), is named in
 * `missing`, and lowers the confidence by that criterion's share of weight.
 */

const rangeSchema = z
  .object({ min: z.number().nonnegative().optional(), max: z.number().nonnegative().optional() })
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
    message: 'min must not exceed max',
  });

const weightsSchema = z.object({
  revenue: z.number().nonnegative().optional(),
  employees: z.number().nonnegative().optional(),
  industry: z.number().nonnegative().optional(),
  region: z.number().nonnegative().optional(),
});

const icpSchema = z.object({
  revenueMillions: rangeSchema.optional(),
  employees: rangeSchema.optional(),
  industries: z.array(z.string().min(1)).min(1).optional(),
  /** Countries, as the accounts name their headquarters. */
  regions: z.array(z.string().min(1)).min(1).optional(),
  weights: weightsSchema.optional(),
});
export type IdealCustomerProfile = z.infer<typeof icpSchema>;

const criteria = ['revenue', 'employees', 'industry', 'region'] as const;
type Criterion = (typeof criteria)[number];

const defaultWeights: Record<Criterion, number> = {
  revenue: 30,
  employees: 20,
  industry: 30,
  region: 20,
};

/** The profile used when the caller gives none: mid-size to large buyers of hardware. */
export const defaultIcp: IdealCustomerProfile = {
  revenueMillions: { min: 500, max: 5000 },
  employees: { min: 1000, max: 20000 },
  industries: ['technology', 'software', 'telecommunications', 'medical'],
  regions: ['United States'],
  weights: defaultWeights,
};

const accountField: Record<Criterion, keyof Account> = {
  revenue: 'revenueMillions',
  employees: 'employees',
  industry: 'sector',
  region: 'country',
};

const componentSchema = z.object({
  criterion: z.enum(criteria),
  weight: z.number(),
  score: z.number(),
  /** Points this criterion adds to the 0-100 total. */
  points: z.number(),
  matched: z.boolean().nullable(),
  value: z.union([z.string(), z.number()]).nullable(),
  expected: z.string(),
  reason: z.string(),
});
type Component = z.infer<typeof componentSchema>;

const icpKey = {
  revenue: 'revenueMillions',
  employees: 'employees',
  industry: 'industries',
  region: 'regions',
} as const satisfies Record<Criterion, keyof IdealCustomerProfile>;

const inputSchema = z.object({
  account: accountSchema,
  icp: icpSchema
    .refine((icp) => criteria.some((c) => icp[icpKey[c]] !== undefined), {
      message: 'the profile must name at least one criterion',
    })
    .optional(),
});

/** The score-account-fit output; draft-outreach accepts it as `fit`. */
export const accountFitSchema = z.object({
  score: z.number().min(0).max(100),
  tier: z.enum(['A', 'B', 'C', 'D']),
  confidence: z.number().min(0).max(1),
  components: z.array(componentSchema),
  missing: z.array(z.string()),
  reasons: z.array(z.string()),
  /** Whether the caller's profile or the default one was used. */
  profile: z.enum(['given', 'default']),
});
export type AccountFit = z.infer<typeof accountFitSchema>;

/** The lowest score of each tier, best first. */
export const tierFloors = [
  { tier: 'A', min: 80 },
  { tier: 'B', min: 60 },
  { tier: 'C', min: 40 },
  { tier: 'D', min: 0 },
] as const;

const round2 = (n: number) => Math.round(n * 100) / 100;

function describeRange(range: { min?: number; max?: number }, unit: string): string {
  if (range.min !== undefined && range.max !== undefined) {
    return `${range.min}-${range.max}${unit}`;
  }
  if (range.min !== undefined) return `at least ${range.min}${unit}`;
  return `at most ${range.max}${unit}`;
}

/** 100 inside the range; outside it, the ratio of the nearer bound to the value. */
function scoreInRange(value: number, range: { min?: number; max?: number }): number {
  if (range.min !== undefined && value < range.min) return Math.round((100 * value) / range.min);
  if (range.max !== undefined && value > range.max) return Math.round((100 * range.max) / value);
  return 100;
}

function rangeComponent(
  criterion: 'revenue' | 'employees',
  value: number | undefined,
  range: { min?: number; max?: number },
  weight: number,
): Omit<Component, 'points'> {
  const unit = criterion === 'revenue' ? 'M USD' : ' employees';
  const expected = describeRange(range, unit);
  if (value === undefined) return unknownComponent(criterion, weight, expected);
  const score = scoreInRange(value, range);
  const matched = score === 100;
  const where = matched ? 'within' : 'outside';
  return {
    criterion,
    weight,
    score,
    matched,
    value,
    expected,
    reason: `${value}${unit} is ${where} ${expected}` + (matched ? '' : `: scores ${score}`),
  };
}

/** A criterion the account has no value for: it scores 0 and is no match. */
function unknownComponent(
  criterion: Component['criterion'],
  weight: number,
  expected: string,
): Omit<Component, 'points'> {
  return {
    criterion,
    weight,
    score: 0,
    matched: null,
    value: null,
    expected,
    reason: `${accountField[criterion]} unknown: scores 0, not counted as a match`,
  };
}

function listComponent(
  criterion: 'industry' | 'region',
  raw: string | undefined,
  wanted: string[],
  weight: number,
): Omit<Component, 'points'> {
  const canonical = criterion === 'industry' ? canonicalSector : canonicalCountry;
  const expected = wanted.join(', ');
  if (raw === undefined) return unknownComponent(criterion, weight, expected);
  const { value, rule } = canonical(raw);
  const wantedKeys = new Set(wanted.map((w) => canonical(w).value.toLowerCase()));
  const matched = wantedKeys.has(value.toLowerCase());
  const read = rule === 'misspelling' || rule === 'synonym' ? ` (read "${raw}" as ${value})` : '';
  return {
    criterion,
    weight,
    score: matched ? 100 : 0,
    matched,
    value: raw,
    expected,
    reason: `${value}${read} ${matched ? 'is' : 'is not'} one of ${expected}`,
  };
}

/** Scores `account` against `icp`; pure, so the same input gives the same answer. */
export function scoreAccountFit(account: Account, icp?: IdealCustomerProfile): AccountFit {
  const profile = icp ?? defaultIcp;
  const weights = { ...defaultWeights, ...profile.weights };
  const { revenueMillions, employees, industries, regions } = profile;
  const parts: Omit<Component, 'points'>[] = [];
  if (revenueMillions) {
    parts.push(
      rangeComponent('revenue', account.revenueMillions, revenueMillions, weights.revenue),
    );
  }
  if (employees) {
    parts.push(rangeComponent('employees', account.employees, employees, weights.employees));
  }
  if (industries) {
    parts.push(listComponent('industry', account.sector, industries, weights.industry));
  }
  if (regions) parts.push(listComponent('region', account.country, regions, weights.region));

  const totalWeight = parts.reduce((sum, p) => sum + p.weight, 0);
  const share = (weight: number) => (totalWeight === 0 ? 1 / parts.length : weight / totalWeight);
  const components = parts.map((p) => ({ ...p, points: round2(p.score * share(p.weight)) }));
  const score = Math.round(components.reduce((sum, c) => sum + c.score * share(c.weight), 0));
  const knownShare = components
    .filter((c) => c.matched !== null)
    .reduce((sum, c) => sum + share(c.weight), 0);
  const confidence = round2(knownShare);
  const tier = tierFloors.find((t) => score >= t.min)?.tier ?? 'D';
  const missing = components
    .filter((c) => c.matched === null)
    .map((c) => accountField[c.criterion]);

  const reasons = [
    `score ${score} of 100 puts ${account.name} in tier ${tier} (${tierRule(tier)})`,
    ...components.map(
      (c) => `${c.criterion} (${c.points} of ${round2(100 * share(c.weight))} points): ${c.reason}`,
    ),
  ];
  if (missing.length > 0) {
    reasons.push(`confidence ${confidence}: no data for ${missing.join(', ')}`);
  }
  return {
    score,
    tier,
    confidence,
    components,
    missing,
    reasons,
    profile: icp ? 'given' : 'default',
  };
}

function tierRule(tier: 'A' | 'B' | 'C' | 'D'): string {
  const index = tierFloors.findIndex((t) => t.tier === tier);
  const floor = tierFloors[index]?.min ?? 0;
  const above = tierFloors[index - 1];
  return above ? `${floor} to ${above.min - 1}` : `${floor} or more`;
}

/** The intelligence tool that scores an account against the ideal customer profile. */
export const scoreAccountFitTool = defineTool({
  name: 'score-account-fit',
  domain: 'intelligence',
  sideEffect: 'read-only',
  cost: 1,
  description:
    'Scores an account 0-100 against the ideal customer profile, with a tier, per-criterion ' +
    'reasons, and lower confidence for every missing field.',
  input: inputSchema,
  output: accountFitSchema,
  run: ({ account, icp }) => scoreAccountFit(account, icp),
});
