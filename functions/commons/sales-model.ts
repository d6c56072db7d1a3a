import { createHash } from 'node:crypto';
import * as z from 'zod';

/**
 * The sales vocabulary the tools share: an account, a contact, a deal. Tools
 * take and give these shapes; the CRM import and the API produce them.
 */

export const dealStages = ['Prospecting', 'Engaging', 'Won', 'Lost'] as const;

export const accountSchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(200).refine(isPrintableText, 'must be printable text'),
  sector: z.string().min(1).max(100).optional(),
  /** Annual revenue in millions of US dollars. */
  revenueMillions: z.number().nonnegative().optional(),
  employees: z.number().int().nonnegative().optional(),
  country: z.string().min(1).max(100).optional(),
  yearEstablished: z.number().int().min(1800).max(2100).optional(),
  /** The id of the parent account, when this one is a subsidiary. */
  parentId: z.string().min(1).max(200).optional(),
});
export type Account = z.infer<typeof accountSchema>;

export const contactSchema = z.object({
  name: z.string().trim().min(1).max(200).refine(isPrintableText, 'must be printable text'),
  email: z.email().max(320).optional(),
  title: z.string().min(1).max(200).optional(),
});
export type Contact = z.infer<typeof contactSchema>;

export const dealSchema = z.object({
  id: z.string().min(1),
  accountId: z.string().min(1).optional(),
  product: z.string().min(1),
  salesAgent: z.string().min(1),
  stage: z.enum(dealStages),
  engageDate: z.iso.date().optional(),
  closeDate: z.iso.date().optional(),
  closeValue: z.number().nonnegative().optional(),
});
export type Deal = z.infer<typeof dealSchema>;

export const salesAgentSchema = z.object({
  name: z.string().min(1),
  manager: z.string().min(1),
  regionalOffice: z.string().min(1),
});
export type SalesAgent = z.infer<typeof salesAgentSchema>;

export const productSchema = z.object({
  name: z.string().min(1),
  series: z.string().min(1),
  listPrice: z.number().nonnegative(),
});
export type Product = z.infer<typeof productSchema>;

/**
 * A stable id from a company name: "Acme Corporation" is "acme-corporation",
 * "Ünïcødé GmbH" is "unicøde-gmbh", "株式会社トヨタ" stays itself. Letters and
 * digits of every script are kept; a name with none (only symbols or emoji)
 * gets an id from its hash, so no two names quietly share an empty id.
 */
export function accountIdFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
  if (slug) return slug;
  return `account-${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
}

/** Text a person could have typed: well formed, no control or direction-override characters. */
export function isPrintableText(text: string): boolean {
  return text.isWellFormed() && !/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(text);
}
