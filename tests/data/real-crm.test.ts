import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { importCrmExport, type CrmImport } from '../../functions/crm/import-crm.js';
import { accountSignalsTool } from '../../functions/intelligence/tools/account-signals.js';
import { scoreAccountFitTool } from '../../functions/intelligence/tools/score-account-fit.js';
import { winLossPatternsTool } from '../../functions/intelligence/tools/win-loss-patterns.js';
import { assessDealRiskTool } from '../../functions/qualification/tools/assess-deal-risk.js';
import { assessCapacityTool } from '../../functions/territory/tools/assess-capacity.js';
import { memoryContext } from '../support/memory-crm.js';

/**
 * The published CRM data set, as the project finds it beside itself. Every
 * expected figure is computed here from the raw CSV lines (the files have no
 * quoted fields), not from the import, so the two can disagree.
 */
const dataDir = fileURLToPath(
  new URL('../../../shared/data/crm-sales-opportunities', import.meta.url),
);

function rows(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(`${dataDir}/${file}`, 'utf8').trim().split(/\r?\n/);
  const columns = (head ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
}

const pipeline = rows('sales_pipeline.csv');
const accounts = rows('accounts.csv');
const teams = rows('sales_teams.csv');
const isOpen = (r: Record<string, string>) =>
  r.deal_stage === 'Prospecting' || r.deal_stage === 'Engaging';
let crmImport: CrmImport;

beforeAll(async () => {
  crmImport = await importCrmExport(dataDir);
});

const context = () => memoryContext(crmImport.data, new Date('2017-12-31T00:00:00Z'));

describe('the import on the real data set', () => {
  it('keeps every row: misspellings and GTXPro corrected, nothing rejected', () => {
    // Prepare
    const misspelt = accounts.filter(
      (a) => a.sector === 'technolgy' || a.office_location === 'Philipines',
    );
    const gtxPro = pipeline.filter((r) => r.product === 'GTXPro');
    const total = pipeline.length + accounts.length + teams.length + rows('products.csv').length;

    // Act
    const { summary } = crmImport;

    // Assess
    expect(summary.rejected).toBe(0);
    expect(summary.corrected).toBe(misspelt.length + gtxPro.length);
    expect(summary.accepted).toBe(total - misspelt.length - gtxPro.length);
    expect(summary.dealsWithoutAccount).toBe(pipeline.filter((r) => r.account === '').length);
    expect([summary.accepted, summary.corrected, summary.rejected]).toEqual([7434, 1493, 0]);
  });

  it('links every subsidiary to its parent account', () => {
    // Prepare
    const subsidiaries = accounts.filter((a) => a.subsidiary_of !== '');

    // Act
    const linked = crmImport.data.accounts.filter((a) => a.parentId !== undefined);

    // Assess
    expect(linked.length).toBe(subsidiaries.length);
  });
});

describe('the tools on the real data set', () => {
  it('gives the win rate of the medical sector as the CSVs do', async () => {
    // Prepare
    const medical = new Set(accounts.filter((a) => a.sector === 'medical').map((a) => a.account));
    const closed = pipeline.filter(
      (r) => medical.has(r.account ?? '') && (r.deal_stage === 'Won' || r.deal_stage === 'Lost'),
    );
    const won = closed.filter((r) => r.deal_stage === 'Won').length;

    // Act
    const result = await winLossPatternsTool.run({ minGroupSize: 30, filter: {} }, context());

    // Assess
    const group = result.patterns.sector?.find((g) => g.value === 'medical');
    expect([group?.closed, group?.won.count]).toEqual([closed.length, won]);
    expect(group?.winRate).toBe(Math.round((won / closed.length) * 1000) / 1000);
  });

  it('counts the open deals of Acme Corporation by stage', async () => {
    // Prepare
    const acme = pipeline.filter((r) => r.account === 'Acme Corporation');
    const stage = (s: string) => acme.filter((r) => r.deal_stage === s).length;
    const account = crmImport.data.accounts.find((a) => a.name === 'Acme Corporation')!;

    // Act
    const result = await accountSignalsTool.run({ account }, context());

    // Assess
    expect(result.openDealsByStage).toEqual({
      Prospecting: stage('Prospecting'),
      Engaging: stage('Engaging'),
    });
    expect(result.won.count).toBe(stage('Won'));
    expect(result.subsidiaries.length).toBe(
      accounts.filter((a) => a.subsidiary_of === 'Acme Corporation').length,
    );
  });

  it('states the GTX Pro history with GTXPro rows counted as GTX Pro', async () => {
    // Prepare
    const closed = pipeline.filter(
      (r) => (r.product === 'GTXPro' || r.product === 'GTX Pro') && !isOpen(r),
    );
    const won = closed.filter((r) => r.deal_stage === 'Won').length;
    const openGtxPro = pipeline.find(
      (r) => r.product === 'GTXPro' && r.deal_stage === 'Engaging' && r.account !== '',
    );
    const account = crmImport.data.accounts.find((a) => a.name === openGtxPro?.account)!;

    // Act
    const result = await assessDealRiskTool.run({ account }, context());

    // Assess
    const deal = result.openDeals.find((d) => d.dealId === openGtxPro?.opportunity_id);
    expect(deal?.history).toMatchObject({ basis: 'product', closed: closed.length, won });
  });

  it('counts the open pipeline of the Central office', async () => {
    // Prepare
    const centralTeam = teams.filter((t) => t.regional_office === 'Central');
    const central = new Set(centralTeam.map((t) => t.sales_agent));
    const open = pipeline.filter((r) => isOpen(r) && central.has(r.sales_agent ?? ''));

    // Act
    const input = { office: 'Central', overloadFactor: 1.5 };
    const result = await assessCapacityTool.run(input, context());

    // Assess
    expect(result.offices).toMatchObject([{ office: 'Central', openDeals: open.length }]);
  });

  it('reads the misspelt technology sector of Acme Corporation as technology', async () => {
    // Prepare
    const account = crmImport.data.accounts.find((a) => a.name === 'Acme Corporation')!;

    // Act
    const input = { account, icp: { industries: ['technology'] } };
    const fit = await scoreAccountFitTool.run(input, context());

    // Assess
    expect([fit.score, fit.components[0]?.matched]).toEqual([100, true]);
  });
});
