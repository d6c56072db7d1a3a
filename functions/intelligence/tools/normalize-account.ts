import * as z from 'zod';
import { accountSchema } from '../../commons/sales-model.js';
import { defineTool } from '../../commons/tool.js';
import { normalizeAccountRecord, profileFields } from '../account-normalizer.js';

const scalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** The intelligence tool that turns a CRM record of any known shape into an Account. */
export const normalizeAccountTool = defineTool({
  name: 'normalize-account',
  domain: 'intelligence',
  sideEffect: 'read-only',
  cost: 1,
  description:
    'Normalizes a Salesforce, HubSpot, CSV-export or plain account record into an Account, ' +
    'reporting each correction, the missing fields and a confidence.',
  input: z.object({ record: z.record(z.string(), z.unknown()) }),
  output: z.object({
    account: accountSchema,
    transformations: z.array(
      z.object({ field: z.string(), from: scalarSchema, to: scalarSchema, rule: z.string() }),
    ),
    confidence: z.number().min(0).max(1),
    missingFields: z.array(z.enum(profileFields)),
  }),
  run: ({ record }) => normalizeAccountRecord(record),
});
