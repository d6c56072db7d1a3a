import { describe, expect, it } from 'vitest';
import type { Account, Deal } from '../../functions/commons/sales-model.js';
import { parseInput } from '../../functions/commons/validation.js';
import { draftOutreachTool } from '../../functions/engagement/tools/draft-outreach.js';
import { accountSignalsTool } from '../../functions/intelligence/tools/account-signals.js';
import { scoreAccountFitTool } from '../../functions/intelligence/tools/score-account-fit.js';
import { memoryContext } from '../support/memory-crm.js';
import { problemsOf } from '../support/problems.js';

const northwind: Account = {
  id: 'northwind-outfitters',
  name: 'Northwind Outfitters',
  sector: 'technology',
  revenueMillions: 1200,
  employees: 3000,
  country: 'United States',
};
const dana = { name: 'Dana Whitfield', email: 'dana@northwind.example', title: 'CTO' };

async function draft(input: unknown) {
  const parsed = parseInput(draftOutreachTool.input, input, 'draft-outreach input');
  const output = await draftOutreachTool.run(parsed, memoryContext());
  return parseInput(draftOutreachTool.output, output, 'draft-outreach output');
}

describe('draft-outreach', () => {
  it('fills the default template from contact, history and fit, scoring 100', async () => {
    // Prepare
    const signals = { hasHistory: true, productsBought: ['GTX Pro', 'MG Special'] };
    const input = {
      account: northwind,
      contact: dana,
      signals: { ...signals, won: { count: 3, value: 9100 } },
      fit: { tier: 'A' },
    };

    // Act
    const result = await draft(input);

    // Assess
    expect(result).toEqual({
      subject: 'GTX Pro for Northwind Outfitters',
      body:
        'Hi Dana,\n\nThank you for your 3 orders with us so far (GTX Pro, MG Special). ' +
        'We help technology companies like Northwind Outfitters put dependable hardware in ' +
        'place without a long procurement cycle, and GTX Pro is where most of them start.\n\n' +
        'Would you be open to a 20-minute call next week to see whether it fits your plans?' +
        '\n\nBest regards',
      channel: 'email',
      to: 'dana@northwind.example',
      template: 'default',
      variablesUsed: [
        'product',
        'account.name',
        'contact.firstName',
        'relationship',
        'account.sector',
        'callToAction',
      ],
      variablesMissing: [],
      fallbacksUsed: [],
      personalisationScore: 100,
      personalisationReasons: [
        '+25: greets the contact by name',
        '+20: names the account',
        "+15: names the account's sector",
        '+15: names a product the account bought',
        '+15: refers to our history with the account',
        '+10: addressed to dana@northwind.example',
      ],
    });
  });

  it('falls back to neutral wording with only an account, and says what it lacked', async () => {
    // Act
    const result = await draft({ account: northwind });

    // Assess
    expect(result.subject).toBe('Reliable hardware for Northwind Outfitters');
    expect(result.body).toBe(
      'Hi there,\n\nWe help technology companies like Northwind Outfitters put dependable ' +
        'hardware in place without a long procurement cycle, and our GTX and MG series is ' +
        'where most of them start.\n\nWould a one-page overview be useful? Reply to this ' +
        'email and I will send it.\n\nBest regards',
    );
    expect(result.to).toBeUndefined();
    expect(result.variablesUsed).toEqual(['account.name', 'account.sector', 'callToAction']);
    expect(result.fallbacksUsed).toEqual(['product', 'contact.firstName', 'relationship']);
    expect(result.variablesMissing).toEqual([]);
    expect(result.personalisationScore).toBe(35);
    expect(result.personalisationReasons.at(-1)).toBe(
      '+0: no email address for Northwind Outfitters',
    );
  });

  it('leaves unfillable variables in the text and reports each one', async () => {
    // Prepare
    const template = {
      subject: 'Hello {{contact.firstName}}',
      body: 'About {{ account.name }} in {{account.country}}: {{unknown.thing}}',
    };
    const account = { id: 'quillby', name: 'Quillby' };

    // Act
    const result = await draft({ account, template });

    // Assess
    expect(result.subject).toBe('Hello {{contact.firstName}}');
    expect(result.body).toBe('About Quillby in {{account.country}}: {{unknown.thing}}');
    expect(result.template).toBe('given');
    expect(result.variablesUsed).toEqual(['account.name']);
    expect(result.variablesMissing).toEqual([
      'contact.firstName',
      'account.country',
      'unknown.thing',
    ]);
    expect(result.personalisationScore).toBe(20);
  });

  it.each([
    [120, 'It has been 4 months since we last spoke.'],
    [90, 'It has been 3 months since we last spoke.'],
    [89, 'Following up on our recent conversation:'],
  ])('words the history of an account with no wins, %i days since contact', async (days, line) => {
    // Prepare
    const signals = { hasHistory: true, productsBought: [], daysSinceLastEngagement: days };
    const template = { subject: 'Hi', body: '{{relationship}}' };

    // Act
    const result = await draft({ account: northwind, signals, template });

    // Assess
    expect(result.body).toBe(line);
  });

  it('skips a title before the first name', async () => {
    // Prepare
    const template = { subject: 'Hi', body: 'Dear {{contact.firstName}}' };
    const contact = { name: 'Dr. Priya Raman' };

    // Act
    const result = await draft({ account: northwind, contact, template });

    // Assess
    expect(result.body).toBe('Dear Priya');
  });

  it('accepts the outputs of account-signals and score-account-fit as they are', async () => {
    // Prepare
    const won: Deal = {
      id: 'D1',
      accountId: northwind.id,
      product: 'GTX Basic',
      salesAgent: 'Ada Quist',
      stage: 'Won',
      engageDate: '2017-01-02',
      closeDate: '2017-02-01',
      closeValue: 540,
    };
    const context = memoryContext({ accounts: [northwind], deals: [won] });
    const signals = await accountSignalsTool.run({ account: northwind }, context);
    const fit = await scoreAccountFitTool.run({ account: northwind }, context);

    // Act
    const result = await draft({ account: northwind, contact: dana, signals, fit });

    // Assess
    expect(result.subject).toBe('GTX Basic for Northwind Outfitters');
    expect(result.body.split('\n')[2]).toBe(
      'Thank you for your 1 order with us so far (GTX Basic). We help technology companies ' +
        'like Northwind Outfitters put dependable hardware in place without a long ' +
        'procurement cycle, and GTX Basic is where most of them start.',
    );
    expect(result.personalisationScore).toBe(100);
  });

  it.each([
    [{ contact: { name: 'Dana', email: 'not-an-address' } }, 'contact.email'],
    [{ template: { subject: '', body: 'x' } }, 'template.subject'],
    [{ account: undefined }, 'account'],
  ])('rejects bad input naming the field (%#)', (change, field) => {
    // Act
    const problems = problemsOf(() =>
      parseInput(draftOutreachTool.input, { account: northwind, ...change }, 'input'),
    );

    // Assess
    expect(problems.map((p) => p.field)).toEqual([field]);
  });
});
