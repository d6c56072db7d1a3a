import * as z from 'zod';
import { InputError } from '../../commons/errors.js';
import { defineTool, type CrmReader } from '../../commons/tool.js';
import {
  agentLoads,
  agentLoadSchema,
  officeLoads,
  officeLoadSchema,
  unassignedOpenDeals,
} from '../pipeline-load.js';

/**
 * Open-pipeline load per sales agent and per regional office, naming the
 * overloaded and the idle agents. An agent is compared with the mean of
 * their own office, so a busy office does not make every agent look idle.
 */

const statusSchema = z.enum(['overloaded', 'idle', 'normal']);

const outputSchema = z.object({
  overloadFactor: z.number(),
  rule: z.string(),
  agents: z.array(
    agentLoadSchema.extend({
      /** Open deals over the office mean, to two decimals; null (idle) when the mean is 0. */
      loadRatio: z.number().nullable(),
      status: statusSchema,
    }),
  ),
  offices: z.array(officeLoadSchema),
  overloaded: z.array(z.string()),
  idle: z.array(z.string()),
  /** Open deals whose agent is not in the sales team list. */
  unassignedOpenDeals: z.number(),
  reasons: z.array(z.string()),
});
export type CapacityAssessment = z.infer<typeof outputSchema>;

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Assesses load for one office, or all of them, as the CRM stands. */
export async function assessCapacity(
  crm: CrmReader,
  overloadFactor: number,
  office?: string,
): Promise<CapacityAssessment> {
  const [deals, allAgents, products] = await Promise.all([
    crm.allDeals(),
    crm.salesAgents(),
    crm.products(),
  ]);
  const agents = office
    ? allAgents.filter((a) => a.regionalOffice.toLowerCase() === office.toLowerCase())
    : allAgents;
  if (office && agents.length === 0) {
    const known = [...new Set(allAgents.map((a) => a.regionalOffice))].sort().join(', ');
    throw new InputError(`no regional office ${office}`, [
      { field: 'office', problem: `not a regional office; known: ${known}` },
    ]);
  }
  const loads = agentLoads(deals, agents, products);
  const offices = officeLoads(loads);
  const meanOf = new Map(offices.map((o) => [o.office, o.meanOpenDeals]));
  const rated = loads.map((load) => {
    const mean = meanOf.get(load.office) ?? 0;
    const loadRatio = mean === 0 ? null : round2(load.openDeals / mean);
    const status: z.infer<typeof statusSchema> =
      loadRatio === null
        ? 'idle'
        : loadRatio > overloadFactor
          ? 'overloaded'
          : loadRatio < 1 / overloadFactor
            ? 'idle'
            : 'normal';
    return { ...load, loadRatio, status };
  });
  const named = (status: string) => rated.filter((a) => a.status === status).map((a) => a.agent);
  const rule =
    `overloaded: more than ${overloadFactor} x the office mean of open deals; ` +
    `idle: fewer than 1/${overloadFactor} of it`;
  const reasons = [
    ...offices.map(
      (o) =>
        `${o.office}: ${o.openDeals} open deals worth ${o.openListValue} at list price ` +
        `across ${o.agents} agents (mean ${o.meanOpenDeals})`,
    ),
    ...rated
      .filter((a) => a.status !== 'normal')
      .map(
        (a) => `${a.agent} (${a.office}) is ${a.status}: ${a.openDeals} open, ratio ${a.loadRatio}`,
      ),
  ];
  return {
    overloadFactor,
    rule,
    agents: rated,
    offices,
    overloaded: named('overloaded'),
    idle: named('idle'),
    unassignedOpenDeals: unassignedOpenDeals(deals, allAgents),
    reasons,
  };
}

/** The territory tool that measures open-pipeline load per agent and office. */
export const assessCapacityTool = defineTool({
  name: 'assess-capacity',
  domain: 'territory',
  sideEffect: 'read-only',
  cost: 2,
  description:
    'Measures open-pipeline load per sales agent and regional office (count and list value), ' +
    'naming overloaded and idle agents and the rule used.',
  input: z.object({
    office: z.string().min(1).max(100).optional(),
    overloadFactor: z.number().gt(1).max(10).default(1.5),
  }),
  output: outputSchema,
  run: ({ office, overloadFactor }, { crm }) => assessCapacity(crm, overloadFactor, office),
});
