import * as z from 'zod';

/**
 * The sales vocabulary the tools share: an account, a contact, a deal. Tools
 * take and give these shapes; the CRM import and the API produce them.
 */

export const dealStages = ['Prospecting', 'Engaging', 'Won', 'Lost'] as const;

export const accountSchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
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
  name: z.string().min(1).max(200),
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

/** A stable id from a company name: "Acme Corporation" is "acme-corporation". */
export function accountIdFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
