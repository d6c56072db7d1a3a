import { describe, expect, it } from 'vitest';
import type { Deal } from '../../functions/commons/sales-model.js';
import { parseInput } from '../../functions/commons/validation.js';
import { assessCapacityTool } from '../../functions/territory/tools/assess-capacity.js';
import { memoryContext } from '../support/memory-crm.js';
import { asyncProblemsOf, problemsOf } from '../support/problems.js';
import { deal, products, salesAgents } from '../support/territory-fixture.js';

/** Ada 6 open (one MG Special), Bruno 2, Celine 1, Dmitri none; a won deal counts for no one. */
const deals: Deal[] = [
  ...Array.from({ length: 5 }, (_, i) => deal(`A${i}`, 'Ada Quist', 'GTX Basic')),
  deal('A5', 'Ada Quist', 'MG Special'),
  deal('A6', 'Ada Quist', 'GTX Basic', undefined, 'Won'),
  deal('B1', 'Bruno Tavel', 'GTX Basic'),
  deal('B2', 'Bruno Tavel', 'GTXBasic', undefined, 'Prospecting'),
  deal('C1', 'Celine Okafor', 'MG Special'),
  deal('G1', 'Ghost Agent', 'GTX Basic'),
];

async function capacity(input: unknown, data: Deal[] = deals) {
  const parsed = parseInput(assessCapacityTool.input, input, 'input');
  const output = await assessCapacityTool.run(
    parsed,
    memoryContext({ deals: data, salesAgents, products }),
  );
  return parseInput(assessCapacityTool.output, output, 'output');
}

describe('assess-capacity', () => {
  it('measures open load per agent against the mean of their office', async () => {
    // Act
    const result = await capacity({});

    // Assess
    expect(
      result.agents.map((a) => [a.agent, a.openDeals, a.openListValue, a.loadRatio, a.status]),
    ).toEqual([
      ['Ada Quist', 6, 2805, 2, 'overloaded'],
      ['Bruno Tavel', 2, 1100, 0.67, 'normal'],
      ['Celine Okafor', 1, 55, 0.33, 'idle'],
      ['Dmitri Vale', 0, 0, null, 'idle'],
    ]);
    expect(result.offices).toEqual([
      { office: 'Central', agents: 3, openDeals: 9, openListValue: 3960, meanOpenDeals: 3 },
      { office: 'West', agents: 1, openDeals: 0, openListValue: 0, meanOpenDeals: 0 },
    ]);
    expect([result.overloaded, result.idle]).toEqual([
      ['Ada Quist'],
      ['Celine Okafor', 'Dmitri Vale'],
    ]);
    expect(result.rule).toBe(
      'overloaded: more than 1.5 x the office mean of open deals; idle: fewer than 1/1.5 of it',
    );
    expect(result.unassignedOpenDeals).toBe(1);
  });

  it('does not call an agent at exactly the overload factor overloaded', async () => {
    // Act
    const result = await capacity({ overloadFactor: 2 });

    // Assess
    expect(result.agents[0]).toMatchObject({ agent: 'Ada Quist', loadRatio: 2, status: 'normal' });
    expect(result.overloaded).toEqual([]);
  });

  it('keeps to one office, matched without regard to case', async () => {
    // Act
    const result = await capacity({ office: 'west' });

    // Assess
    expect(result.agents.map((a) => a.agent)).toEqual(['Dmitri Vale']);
    expect(result.offices.map((o) => o.office)).toEqual(['West']);
  });

  it('rejects an unknown office, naming office and the known ones', async () => {
    // Act
    const problems = await asyncProblemsOf(() => capacity({ office: 'North' }));

    // Assess
    expect(problems).toEqual([
      { field: 'office', problem: 'not a regional office; known: Central, West' },
    ]);
  });

  it('rejects an overload factor of 1 or less, naming overloadFactor', () => {
    // Act
    const problems = problemsOf(() =>
      parseInput(assessCapacityTool.input, { overloadFactor: 1 }, 'input'),
    );

    // Assess
    expect(problems.map((p) => p.field)).toEqual(['overloadFactor']);
  });
});
