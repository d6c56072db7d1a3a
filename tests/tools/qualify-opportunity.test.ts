import { describe, expect, it } from 'vitest';
import type { Account, Deal } from '../../functions/commons/sales-model.js';
import { parseInput } from '../../functions/commons/validation.js';
import { qualifyOpportunityTool } from '../../functions/qualification/tools/qualify-opportunity.js';
import { memoryContext } from '../support/memory-crm.js';
import { problemsOf } from '../support/problems.js';

const northwind: Account = { id: 'northwind-outfitters', name: 'Northwind Outfitters' };

function deal(id: string, stage: Deal['stage']): Deal {
  return { id, accountId: northwind.id, product: 'GTX Basic', salesAgent: 'Ada Quist', stage };
}

async function qualify(input: unknown, deals: Deal[] = []) {
  const parsed = parseInput(qualifyOpportunityTool.input, input, 'qualify-opportunity input');
  const output = await qualifyOpportunityTool.run(parsed, memoryContext({ deals }));
  return parseInput(qualifyOpportunityTool.output, output, 'qualify-opportunity output');
}

describe('qualify-opportunity', () => {
  it('counts nothing as confirmed without evidence and asks for every element', async () => {
    // Act
    const result = await qualify({ account: northwind });

    // Assess
    expect(result.advisory).toBe(true);
    expect(result.score).toBe(0);
    expect(result.verdict).toBe('insufficient-evidence');
    expect(result.verdictRule).toBe(
      'no BANT gap, but no evidence yet for budget, authority, need, timeline',
    );
    expect(result.bant).toEqual({
      score: 0,
      confirmed: 0,
      gaps: 0,
      unknown: 4,
      elements: ['budget', 'authority', 'need', 'timeline'].map((element) => ({
        element,
        status: 'unknown',
        evidence: null,
        readAs: 'not mentioned',
      })),
    });
    expect(result.strengths).toEqual([]);
    expect(result.gaps).toEqual([]);
    expect(result.nextSteps).toEqual([
      'Confirm an approved budget and its amount.',
      'Find who signs off and meet them.',
      "Write down the business need in the customer's words.",
      'Agree a target date and what drives it.',
      'Agree the figures that will prove success.',
      'Identify the economic buyer and get a meeting with them.',
      'Ask how options will be compared, and write the criteria down.',
      'Map the steps and people from evaluation to signature.',
      'Name the pain this solves and what it costs them today.',
      'Find an insider who will sell for us when we are not in the room.',
      'Ask who else they are talking to.',
    ]);
    expect(result.context).toEqual({ source: 'crm', openDeals: 0, wonDeals: 0, lostDeals: 0 });
  });

  it('qualifies on four confirmed BANT elements and lists gaps before unknowns', async () => {
    // Prepare
    const evidence = {
      budget: '$120k approved for Q3',
      authority: true,
      need: { status: 'confirmed', note: 'replace ageing laptops' },
      timeline: 'by September',
      champion: 'no champion yet',
      economicBuyer: 'TBD',
      competition: ['Contoso', 'Fabrikam'],
    };

    // Act
    const result = await qualify({ account: northwind, evidence });

    // Assess
    expect(result.verdict).toBe('qualified');
    expect(result.verdictRule).toBe('all four BANT elements are confirmed');
    expect(result.score).toBe(45);
    expect([result.bant.score, result.meddicc.score]).toEqual([100, 14]);
    expect([result.meddicc.confirmed, result.meddicc.gaps, result.meddicc.unknown]).toEqual([
      1, 1, 5,
    ]);
    expect(result.strengths).toEqual([
      'budget: $120k approved for Q3',
      'authority (flag true)',
      'need: replace ageing laptops',
      'timeline: by September',
      'competition: Contoso, Fabrikam',
    ]);
    expect(result.gaps).toEqual(['champion: no champion yet']);
    expect(result.nextSteps).toEqual([
      'Find an insider who will sell for us when we are not in the room.',
      'Agree the figures that will prove success.',
      'Identify the economic buyer and get a meeting with them.',
      'Ask how options will be compared, and write the criteria down.',
      'Map the steps and people from evaluation to signature.',
      'Name the pain this solves and what it costs them today.',
    ]);
  });

  it('calls a BANT element known to be missing a disqualifying gap', async () => {
    // Act
    const result = await qualify({ account: northwind, evidence: { budget: false, need: true } });

    // Assess
    expect(result.verdict).toBe('disqualifying-gap');
    expect(result.verdictRule).toBe('a BANT element is known to be missing: budget');
    expect(result.gaps).toEqual(['budget (flag false)']);
  });

  it.each([
    ['budget', 'No budget until 2018', 'gap', 'note starts with a negation'],
    ['budget', 'Nothing set aside', 'gap', 'note starts with a negation'],
    ['need', 'Notable interest in GTX Pro', 'confirmed', 'note states it'],
    ['timeline', 'unclear', 'unknown', 'note says unknown'],
    ['timeline', '   ', 'unknown', 'note says unknown'],
    ['competition', 'none', 'confirmed', 'note says there is no competition'],
    ['competition', 'Contoso', 'confirmed', 'note names the competition'],
    ['competition', false, 'confirmed', 'flag false'],
  ])('reads %s given as %j as %s', async (element, value, status, readAs) => {
    // Act
    const result = await qualify({ account: northwind, evidence: { [element]: value } });

    // Assess
    const read = [...result.bant.elements, ...result.meddicc.elements].find(
      (e) => e.element === element,
    );
    expect([read?.status, read?.readAs]).toEqual([status, readAs]);
  });

  it('uses given deals as context only, never as evidence', async () => {
    // Prepare
    const stages = ['Won', 'Won', 'Lost', 'Engaging'] as const;
    const deals = stages.map((stage, i) => deal(`D${i + 1}`, stage));

    // Act
    const result = await qualify({ account: northwind, deals });

    // Assess
    expect(result.score).toBe(0);
    expect(result.context).toEqual({ source: 'input', openDeals: 1, wonDeals: 2, lostDeals: 1 });
    expect(result.strengths).toEqual([
      'context, not evidence: Northwind Outfitters has won 2 deals before',
    ]);
  });

  it('reads the account deals from the CRM when none are given', async () => {
    // Act
    const result = await qualify({ account: northwind }, [deal('D1', 'Prospecting')]);

    // Assess
    expect(result.context).toEqual({ source: 'crm', openDeals: 1, wonDeals: 0, lostDeals: 0 });
  });

  it.each([
    [{ evidence: { budget: 42 } }, 'evidence.budget'],
    [{ evidence: { need: { status: 'probably' } } }, 'evidence.need'],
    [{ deals: [{ ...deal('D1', 'Won'), stage: 'Closed' }] }, 'deals.0.stage'],
  ])('rejects bad input naming the field (%#)', (change, field) => {
    // Act
    const problems = problemsOf(() =>
      parseInput(qualifyOpportunityTool.input, { account: northwind, ...change }, 'input'),
    );

    // Assess
    expect(problems.map((p) => p.field)).toEqual([field]);
  });
});
