import type { z } from 'zod';
import type { Account, Deal, Product, SalesAgent } from './sales-model.js';

/** The four sales domains; each is one Lambda function. */
export const domains = ['intelligence', 'engagement', 'qualification', 'territory'] as const;
export type Domain = (typeof domains)[number];

/**
 * What a tool may do outside the product. `read-only` tools only compute;
 * `propose` tools produce something (a draft, an assignment change) that a
 * human must approve before anyone acts on it. No tool ever acts itself.
 */
export type SideEffect = 'read-only' | 'propose';

/** The imported CRM data a tool may read. */
export interface CrmReader {
  /** An account by id or by exact name, or undefined. */
  findAccount(idOrName: string): Promise<Account | undefined>;
  /** Every imported account, for tools that join deals to their accounts. */
  allAccounts(): Promise<Account[]>;
  dealsForAccount(accountId: string): Promise<Deal[]>;
  allDeals(): Promise<Deal[]>;
  salesAgents(): Promise<SalesAgent[]>;
  products(): Promise<Product[]>;
}

/** What a tool gets besides its input. */
export interface ToolContext {
  crm: CrmReader;
  /** The run's clock, so a tool's output depends only on its inputs. */
  now: Date;
}

/**
 * A tool: a named, typed, costed unit of sales work. The registry of each
 * domain lists its tools; the planner sees their names, costs and schemas.
 */
export interface ToolDefinition<In = unknown, Out = unknown> {
  name: string;
  domain: Domain;
  sideEffect: SideEffect;
  /** Budget units one call reserves. */
  cost: number;
  /** One sentence for the planner and the API description. */
  description: string;
  input: z.ZodType<In>;
  output: z.ZodType<Out>;
  run(input: In, context: ToolContext): Promise<Out> | Out;
}

/** Declares a tool with its types inferred from its schemas. */
export function defineTool<In, Out>(tool: ToolDefinition<In, Out>): ToolDefinition<In, Out> {
  return tool;
}

// The registry holds tools of many input types; `any` here is the erasure a
// heterogeneous list needs, and the schemas restore safety at run time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = ToolDefinition<any, any>;
