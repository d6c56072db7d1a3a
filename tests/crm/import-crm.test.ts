import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCrmExport, importCrmFiles } from '../../functions/crm/import-crm.js';
import type { CrmFile } from '../../functions/crm/crm-rows.js';
import { InputError } from '../../functions/commons/errors.js';
import { asyncProblemsOf, problemsOf } from '../support/problems.js';

const sampleDir = fileURLToPath(new URL('../../infra/local/sample-crm', import.meta.url));

const header = {
  products: 'product,series,sales_price',
  teams: 'sales_agent,manager,regional_office',
  accounts: 'account,sector,year_established,revenue,employees,office_location,subsidiary_of',
  pipeline:
    'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value',
};

function files(pipeline: string[], accounts: string[] = []): Record<CrmFile, string> {
  return {
    'products.csv': [header.products, 'GTX Pro,GTX,4821', 'MG Special,MG,55'].join('\n'),
    'sales_teams.csv': [header.teams, 'Ada Quist,Mara Ellison,Central'].join('\n'),
    'accounts.csv': [
      header.accounts,
      'Northwind Outfitters,retail,1987,1240.50,3400,United States,',
      ...accounts,
    ].join('\n'),
    'sales_pipeline.csv': [header.pipeline, ...pipeline].join('\n'),
  };
}

describe('importCrmExport on the sample export', () => {
  it('accepts every clean row and corrects the two dirty ones', async () => {
    // Act
    const { data, summary } = await importCrmExport(sampleDir);

    // Assess
    expect([data.accounts.length, data.deals.length]).toEqual([10, 60]);
    expect([data.salesAgents.length, data.products.length]).toEqual([5, 7]);
    expect([summary.accepted, summary.corrected, summary.rejected]).toEqual([80, 2, 0]);
    expect(summary.byFile['sales_pipeline.csv']).toEqual({
      rows: 60,
      accepted: 59,
      corrected: 1,
      rejected: 0,
    });
    expect(summary.corrections).toEqual([
      {
        file: 'accounts.csv',
        row: 5,
        field: 'sector',
        from: 'technolgy',
        to: 'technology',
        rule: 'sector-misspelling',
      },
      {
        file: 'sales_pipeline.csv',
        row: 17,
        field: 'product',
        from: 'GTXPro',
        to: 'GTX Pro',
        rule: 'product-alias',
      },
    ]);
    expect(summary.rejections).toEqual([]);
    expect(summary.dealsWithoutAccount).toBe(1);
  });

  it('turns accounts into our shape with parents linked by id', async () => {
    // Act
    const { data } = await importCrmExport(sampleDir);

    // Assess
    expect(data.accounts[0]).toEqual({
      id: 'northwind-outfitters',
      name: 'Northwind Outfitters',
      sector: 'retail',
      revenueMillions: 1240.5,
      employees: 3400,
      country: 'United States',
      yearEstablished: 1987,
    });
    const subsidiaries = data.accounts.filter((a) => a.parentId === 'larkspur-holdings');
    expect(subsidiaries.map((a) => a.id)).toEqual(['bramblecot-foods', 'saltmarsh-media']);
  });

  it('keeps open deals without close date or value, the accountless deal unlinked', async () => {
    // Act
    const { data } = await importCrmExport(sampleDir);

    // Assess
    expect(data.deals.find((d) => d.id === 'T0NGRPPU')).toEqual({
      id: 'T0NGRPPU',
      salesAgent: 'Esme Harrow',
      product: 'GTX Plus Basic',
      stage: 'Engaging',
      engageDate: '2017-01-24',
    });
    expect(data.deals.find((d) => d.id === 'UXNNEK1P')).toEqual({
      id: 'UXNNEK1P',
      salesAgent: 'Ada Quist',
      product: 'GTX Pro',
      stage: 'Prospecting',
      accountId: 'northwind-outfitters',
    });
  });

  it('names the missing file of a directory in an InputError', async () => {
    // Act
    const problems = await asyncProblemsOf(() => importCrmExport('/nonexistent/crm'));

    // Assess
    expect(problems).toEqual([
      { field: 'products.csv', problem: 'not found or unreadable in /nonexistent/crm' },
    ]);
  });
});

describe('importCrmFiles on dirty rows', () => {
  it('rejects each bad pipeline row with its line and reason, and keeps the rest', () => {
    // Prepare
    const pipeline = [
      'A1,Ada Quist,GTX Pro,Northwind Outfitters,Won,2017-01-02,2017-02-01,4800',
      'A1,Ada Quist,GTX Pro,Northwind Outfitters,Lost,2017-01-02,2017-02-01,0',
      'A2,Zed Nobody,GTX Pro,,Engaging,2017-01-02,,',
      'A3,Ada Quist,GTX Ultra,,Engaging,2017-01-02,,',
      'A4,Ada Quist,GTX Pro,,Closed,2017-01-02,,',
      'A5,Ada Quist,GTX Pro,,Won,2017-01-02,,',
      'A6,Ada Quist,GTX Pro,,Won,2017-02-30,2017-03-01,10',
      'A7,Ada Quist,GTX Pro,,Lost,2017-03-02,2017-03-01,0',
      'A8,Ada Quist,GTX Pro,,Won,2017-03-01,2017-03-02,',
      ',Ada Quist,GTX Pro,,Engaging,2017-01-02,,',
    ];

    // Act
    const { data, summary } = importCrmFiles(files(pipeline));

    // Assess
    expect(data.deals.map((d) => d.id)).toEqual(['A1']);
    expect(summary.rejections).toEqual([
      { file: 'sales_pipeline.csv', row: 3, reason: 'duplicate of line 2' },
      {
        file: 'sales_pipeline.csv',
        row: 4,
        reason: 'sales_agent: "Zed Nobody" is not in sales_teams.csv',
      },
      { file: 'sales_pipeline.csv', row: 5, reason: 'product: "GTX Ultra" is not in products.csv' },
      {
        file: 'sales_pipeline.csv',
        row: 6,
        reason: 'deal_stage: "Closed" is not one of Prospecting, Engaging, Won, Lost',
      },
      { file: 'sales_pipeline.csv', row: 7, reason: 'close_date: empty on a Won deal' },
      { file: 'sales_pipeline.csv', row: 8, reason: 'engage_date: "2017-02-30" is not a date' },
      {
        file: 'sales_pipeline.csv',
        row: 9,
        reason: 'close_date: 2017-03-01 is before engage_date 2017-03-02',
      },
      {
        file: 'sales_pipeline.csv',
        row: 10,
        reason: 'close_value: "" is not a non-negative number on a Won deal',
      },
      { file: 'sales_pipeline.csv', row: 11, reason: 'opportunity_id: empty' },
    ]);
    expect(summary.byFile['sales_pipeline.csv']).toEqual({
      rows: 10,
      accepted: 1,
      corrected: 0,
      rejected: 9,
    });
  });

  it('corrects an open deal with a close value and a deal naming an unknown account', () => {
    // Prepare
    const pipeline = [
      'B1,Ada Quist,MG Special,Northwind Outfitters,Engaging,2017-01-02,,55',
      'B2,Ada Quist,MG Special,Ghost Company,Engaging,2017-01-02,,',
    ];

    // Act
    const { data, summary } = importCrmFiles(files(pipeline));

    // Assess
    expect(data.deals).toEqual([
      {
        id: 'B1',
        product: 'MG Special',
        salesAgent: 'Ada Quist',
        stage: 'Engaging',
        accountId: 'northwind-outfitters',
        engageDate: '2017-01-02',
      },
      {
        id: 'B2',
        product: 'MG Special',
        salesAgent: 'Ada Quist',
        stage: 'Engaging',
        engageDate: '2017-01-02',
      },
    ]);
    expect(summary.corrections.map((c) => [c.row, c.field, c.from, c.rule])).toEqual([
      [2, 'close_date/close_value', '55', 'open-deal-close-dropped'],
      [3, 'account', 'Ghost Company', 'unknown-account-unlinked'],
    ]);
    expect([summary.corrected, summary.dealsWithoutAccount]).toEqual([2, 1]);
  });

  it('rejects an account without a name and a repeated one; unlinks an unknown parent', () => {
    // Prepare
    const accounts = [
      ',retail,1990,10,20,Kenya,',
      'Northwind Outfitters,retail,1987,1240.50,3400,United States,',
      'Quillby Systems,software,2008,780.30,2100,USA,Nowhere Group',
      'Corvid Analytics,software,2012,95.40,260,United States,Nowhere Group',
    ];

    // Act
    const { data, summary } = importCrmFiles(files([], accounts));

    // Assess
    expect(data.accounts.map((a) => [a.id, a.country, a.parentId])).toEqual([
      ['northwind-outfitters', 'United States', undefined],
      ['quillby-systems', 'United States', undefined],
      ['corvid-analytics', 'United States', undefined],
    ]);
    expect(summary.rejections).toEqual([
      { file: 'accounts.csv', row: 3, reason: 'account: empty' },
      { file: 'accounts.csv', row: 4, reason: 'duplicate of line 2' },
    ]);
    expect(summary.corrections.map((c) => [c.row, c.field, c.from, c.to, c.rule])).toEqual([
      [5, 'country', 'USA', 'United States', 'country-synonym'],
      [5, 'subsidiary_of', 'nowhere-group', null, 'unknown-parent-unlinked'],
      [6, 'subsidiary_of', 'nowhere-group', null, 'unknown-parent-unlinked'],
    ]);
    expect(summary.byFile['accounts.csv']).toEqual({
      rows: 5,
      accepted: 1,
      corrected: 2,
      rejected: 2,
    });
  });

  it('refuses a file missing a required column, naming the file and column', () => {
    // Prepare
    const contents = files([]);
    contents['products.csv'] = 'product,series\nGTX Pro,GTX';

    // Act
    const problems = problemsOf(() => importCrmFiles(contents));

    // Assess
    expect(problems).toEqual([{ field: 'products.csv', problem: 'missing column sales_price' }]);
  });

  it('refuses a file that is not CSV, naming the file and line', () => {
    // Prepare
    const contents = files([]);
    contents['sales_teams.csv'] = `${header.teams}\n"Ada Quist,Mara Ellison,Central`;

    // Act
    const action = () => importCrmFiles(contents);

    // Assess
    expect(action).toThrow(InputError);
    expect(problemsOf(action)).toEqual([
      { field: 'sales_teams.csv', problem: 'unreadable CSV at line 2' },
    ]);
  });
});
