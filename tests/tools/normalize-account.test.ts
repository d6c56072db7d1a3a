import { describe, expect, it } from 'vitest';
import { parseInput } from '../../functions/commons/validation.js';
import { normalizeAccountTool } from '../../functions/intelligence/tools/normalize-account.js';
import { memoryContext } from '../support/memory-crm.js';
import { asyncProblemsOf } from '../support/problems.js';

async function normalize(record: Record<string, unknown>) {
  const parsed = parseInput(normalizeAccountTool.input, { record }, 'normalize-account input');
  const output = await normalizeAccountTool.run(parsed, memoryContext());
  return parseInput(normalizeAccountTool.output, output, 'normalize-account output');
}

describe('normalize-account', () => {
  it('reads a Salesforce record, turning dollars into millions, naming each change', async () => {
    // Prepare
    const record = {
      Id: '0015g00000XyZabAAB',
      Name: 'Northwind Outfitters',
      Industry: 'Technology',
      AnnualRevenue: '$50,000,000',
      NumberOfEmployees: 1200,
      BillingCountry: 'USA',
      YearStarted: '1998',
    };

    // Act
    const result = await normalize(record);

    // Assess
    expect(result).toEqual({
      account: {
        id: 'northwind-outfitters',
        name: 'Northwind Outfitters',
        sector: 'technology',
        revenueMillions: 50,
        employees: 1200,
        country: 'United States',
        yearEstablished: 1998,
      },
      transformations: [
        { field: 'id', from: null, to: 'northwind-outfitters', rule: 'id-from-name' },
        { field: 'sector', from: 'Technology', to: 'technology', rule: 'sector-case' },
        {
          field: 'revenueMillions',
          from: '$50,000,000',
          to: 50,
          rule: 'AnnualRevenue-dollars-to-millions',
        },
        { field: 'country', from: 'USA', to: 'United States', rule: 'country-synonym' },
        { field: 'yearEstablished', from: '1998', to: 1998, rule: 'number-from-text' },
      ],
      confidence: 1,
      missingFields: [],
    });
  });

  it('reads a HubSpot record and lowers confidence for missing fields and guesses', async () => {
    // Prepare
    const record = {
      name: 'Quillby',
      industry: 'COMPUTER_SOFTWARE',
      annualrevenue: 2500000,
      country: 'Philipines',
    };

    // Act
    const result = await normalize(record);

    // Assess
    expect(result.account).toEqual({
      id: 'quillby',
      name: 'Quillby',
      sector: 'software',
      revenueMillions: 2.5,
      country: 'Philippines',
    });
    expect(result.transformations.map((t) => t.rule)).toEqual([
      'id-from-name',
      'sector-synonym',
      'annualrevenue-dollars-to-millions',
      'country-misspelling',
    ]);
    expect(result.missingFields).toEqual(['employees', 'yearEstablished']);
    expect(result.confidence).toBe(0.55);
  });

  it('reads a CSV export row: revenue already in millions, misspelt sector, parent', async () => {
    // Prepare
    const record = {
      account: 'Bramblecot Foods',
      sector: 'technolgy',
      year_established: '1996',
      revenue: '1,100.04',
      employees: '2822',
      office_location: 'United States',
      subsidiary_of: 'Larkspur Holdings',
    };

    // Act
    const result = await normalize(record);

    // Assess
    expect(result.account).toEqual({
      id: 'bramblecot-foods',
      name: 'Bramblecot Foods',
      sector: 'technology',
      revenueMillions: 1100.04,
      employees: 2822,
      country: 'United States',
      yearEstablished: 1996,
      parentId: 'larkspur-holdings',
    });
    expect(result.transformations.slice(1)).toEqual([
      { field: 'sector', from: 'technolgy', to: 'technology', rule: 'sector-misspelling' },
      {
        field: 'revenueMillions',
        from: '1,100.04',
        to: 1100.04,
        rule: 'revenue-text-already-millions',
      },
      { field: 'employees', from: '2822', to: 2822, rule: 'number-from-text' },
      { field: 'yearEstablished', from: '1996', to: 1996, rule: 'number-from-text' },
      {
        field: 'parentId',
        from: 'Larkspur Holdings',
        to: 'larkspur-holdings',
        rule: 'parent-id-from-name',
      },
    ]);
    expect(result.confidence).toBe(0.95);
  });

  it('passes a record already in our shape through unchanged', async () => {
    // Prepare
    const record = {
      id: 'northwind-outfitters',
      name: 'Northwind Outfitters',
      sector: 'retail',
      revenueMillions: 310.5,
      employees: 900,
      country: 'Kenya',
      yearEstablished: 2001,
    };

    // Act
    const result = await normalize(record);

    // Assess
    expect(result).toEqual({
      account: record,
      transformations: [],
      confidence: 1,
      missingFields: [],
    });
  });

  it('reads a suffixed amount as dollars whatever the source', async () => {
    // Act
    const result = await normalize({ Name: 'Quillby', AnnualRevenue: '75M' });

    // Assess
    expect(result.account.revenueMillions).toBe(75);
    expect(result.transformations[1]?.rule).toBe('amount-with-suffix-to-millions');
  });

  it('drops unreadable values, reports them and counts them as missing', async () => {
    // Act
    const result = await normalize({ name: 'Quillby', employees: 'lots', revenue: '-5' });

    // Assess
    expect(result.transformations.slice(1)).toEqual([
      { field: 'revenueMillions', from: '-5', to: null, rule: 'unreadable-dropped' },
      { field: 'employees', from: 'lots', to: null, rule: 'unreadable-dropped' },
    ]);
    expect(result.missingFields).toEqual([
      'sector',
      'revenueMillions',
      'employees',
      'country',
      'yearEstablished',
    ]);
    expect(result.confidence).toBe(0);
  });

  it('rejects a record with no company name, naming record.name', async () => {
    // Act
    const problems = await asyncProblemsOf(() => normalize({ Industry: 'retail' }));

    // Assess
    expect(problems).toEqual([
      {
        field: 'record.name',
        problem: 'give the company name in name, Name, account, company, Company',
      },
    ]);
  });
});
