import {
  accountIdFromName,
  type Account,
  type Deal,
  type Product,
  type SalesAgent,
} from '../../functions/commons/sales-model.js';
import type { CrmReader, ToolContext } from '../../functions/commons/tool.js';
import type { CrmData } from '../../functions/commons/crm-store.js';

/** A CrmReader over arrays in memory, so tool tests need no DynamoDB. */
export class MemoryCrm implements CrmReader {
  readonly data: CrmData;

  constructor(data: Partial<CrmData> = {}) {
    this.data = {
      accounts: data.accounts ?? [],
      deals: data.deals ?? [],
      salesAgents: data.salesAgents ?? [],
      products: data.products ?? [],
    };
  }

  async findAccount(idOrName: string): Promise<Account | undefined> {
    const id = accountIdFromName(idOrName);
    return this.data.accounts.find((a) => a.id === idOrName || a.id === id);
  }

  async allAccounts(): Promise<Account[]> {
    return [...this.data.accounts];
  }

  async dealsForAccount(accountId: string): Promise<Deal[]> {
    return this.data.deals.filter((d) => d.accountId === accountId);
  }

  async allDeals(): Promise<Deal[]> {
    return [...this.data.deals];
  }

  async salesAgents(): Promise<SalesAgent[]> {
    return [...this.data.salesAgents];
  }

  async products(): Promise<Product[]> {
    return [...this.data.products];
  }
}

/** The fixed clock every tool test runs at. */
export const testNow = new Date('2017-06-30T12:00:00Z');

/** A tool context over `data`, at the fixed test clock. */
export function memoryContext(data: Partial<CrmData> = {}, now = testNow): ToolContext {
  return { crm: new MemoryCrm(data), now };
}
