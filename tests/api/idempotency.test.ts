import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCrmData } from '../../functions/commons/crm-store.js';
import { importCrmExport } from '../../functions/crm/import-crm.js';
import type { LocalStack } from '../../infra/local/stack.js';
import { northwind, startTestStack, type ApiClient } from '../support/local-stack.js';

/** `Idempotency-Key` on the endpoints that start something: one start per key. */

const sampleDir = fileURLToPath(new URL('../../infra/local/sample-crm', import.meta.url));
const run = { goal: 'Prioritize this account', ...northwind };
const campaign = {
  goal: 'Score the best fits',
  selection: { accountIds: ['northwind-outfitters'] },
  draftTop: 0,
};

let stack: LocalStack;
let api: ApiClient;

beforeAll(async () => {
  ({ stack, api } = await startTestStack());
  await writeCrmData((await importCrmExport(sampleDir)).data);
});

afterAll(async () => {
  await stack.close();
});

const executions = () => stack.stepFunctions.listExecutions().length;
const keyed = (key: string) => ({ 'idempotency-key': key });

describe('Idempotency-Key', () => {
  it('gives the same run for the same key and body, and starts it once', async () => {
    const before = executions();

    const first = await api.request('POST', '/runs', run, keyed('run-once'));
    const again = await api.request('POST', '/runs', run, keyed('run-once'));

    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(executions()).toBe(before + 1);
  });

  it('refuses the same key with another body, starting nothing', async () => {
    await api.request('POST', '/runs', run, keyed('run-reused'));
    const before = executions();

    const other = await api.request('POST', '/runs', { ...run, budget: 50 }, keyed('run-reused'));

    expect(other.status).toBe(422);
    expect(other.body).toEqual({
      error: 'idempotency_key_reused',
      message: 'this Idempotency-Key was used with another body',
    });
    expect(executions()).toBe(before);
  });

  it('starts one run for five simultaneous requests with one key', async () => {
    const before = executions();

    const answers = await Promise.all(
      Array.from({ length: 5 }, () => api.request('POST', '/runs', run, keyed('run-raced'))),
    );

    const started = answers.filter((a) => a.status === 202);
    const waiting = answers.filter((a) => a.status === 409);
    expect(started.length + waiting.length).toBe(5);
    expect(new Set(started.map((a) => a.body.runId)).size).toBe(1);
    expect(waiting.every((a) => a.body.error === 'request_in_progress')).toBe(true);
    expect(executions()).toBe(before + 1);
  });

  it('gives the same campaign for the same key, apart from runs with that key', async () => {
    const before = executions();

    const first = await api.request('POST', '/campaigns', campaign, keyed('shared-key'));
    const again = await api.request('POST', '/campaigns', campaign, keyed('shared-key'));
    const aRun = await api.request('POST', '/runs', run, keyed('shared-key'));

    expect([first.status, again.status, aRun.status]).toEqual([202, 202, 202]);
    expect(again.body.campaignId).toBe(first.body.campaignId);
    expect(aRun.body.runId).toMatch(/^run_/);
    const started = stack.stepFunctions.listExecutions().slice(before);
    expect(started.filter((e) => e.name === first.body.campaignId).length).toBe(1);
  });
});
