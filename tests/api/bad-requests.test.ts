import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { northwind, startTestStack, type ApiClient } from '../support/local-stack.js';
import type { LocalStack } from '../../infra/local/stack.js';

/**
 * A corpus of bad requests against the API over HTTP. Each gets its exact
 * status, error code and the fields it names; none leaves a run behind.
 */

interface BadRequest {
  name: string;
  method?: string;
  path?: string;
  /** A string is sent as it is; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  error: string;
  /** The fields the answer names, in order; absent for answers without fields. */
  fields?: string[];
}

const valid = { goal: 'Draft outreach', ...northwind };
const deep = (levels: number): unknown => (levels === 0 ? 'x' : { a: deep(levels - 1) });

const corpus: BadRequest[] = [
  {
    name: 'invalid JSON',
    body: '{"goal": ',
    status: 400,
    error: 'invalid_request',
    fields: ['(body)'],
  },
  { name: 'an empty body', body: '', status: 400, error: 'invalid_request', fields: ['(body)'] },
  { name: 'a JSON array', body: [], status: 400, error: 'invalid_request', fields: ['(body)'] },
  {
    name: 'a JSON string',
    body: '"run"',
    status: 400,
    error: 'invalid_request',
    fields: ['(body)'],
  },
  { name: 'JSON null', body: 'null', status: 400, error: 'invalid_request', fields: ['(body)'] },
  {
    name: 'a text body',
    body: 'goal=x',
    headers: { 'content-type': 'text/plain' },
    status: 415,
    error: 'unsupported_media_type',
  },
  {
    name: 'a form body',
    body: 'goal=x',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    error: 'unsupported_media_type',
  },
  {
    name: 'an XML body',
    body: '<goal/>',
    headers: { 'content-type': 'application/xml' },
    status: 415,
    error: 'unsupported_media_type',
  },
  {
    name: 'a body over 64 KiB',
    body: { ...valid, goal: 'x'.repeat(70_000) },
    status: 413,
    error: 'body_too_large',
  },
  {
    name: 'no goal',
    body: { ...northwind },
    status: 400,
    error: 'invalid_request',
    fields: ['goal'],
  },
  {
    name: 'an empty goal',
    body: { ...valid, goal: '' },
    status: 400,
    error: 'invalid_request',
    fields: ['goal'],
  },
  {
    name: 'a blank goal',
    body: { ...valid, goal: '    ' },
    status: 400,
    error: 'invalid_request',
    fields: ['goal'],
  },
  {
    name: 'a goal of 501 characters',
    body: { ...valid, goal: `draft ${'x'.repeat(495)}` },
    status: 400,
    error: 'invalid_request',
    fields: ['goal'],
  },
  {
    name: 'a numeric goal',
    body: { ...valid, goal: 42 },
    status: 400,
    error: 'invalid_request',
    fields: ['goal'],
  },
  {
    name: 'a goal no planner understands',
    body: { ...valid, goal: 'Bake a birthday cake' },
    status: 400,
    error: 'invalid_request',
    fields: ['goal'],
  },
  {
    name: 'neither account nor accountId',
    body: { goal: 'Draft outreach' },
    status: 400,
    error: 'invalid_request',
    fields: ['account'],
  },
  {
    name: 'both account and accountId',
    body: { ...valid, accountId: 'northwind-outfitters' },
    status: 400,
    error: 'invalid_request',
    fields: ['account'],
  },
  {
    name: 'an account without a name',
    body: { ...valid, account: { sector: 'retail' } },
    status: 400,
    error: 'invalid_request',
    fields: ['account.name'],
  },
  {
    name: 'an account with an empty name',
    body: { ...valid, account: { name: '' } },
    status: 400,
    error: 'invalid_request',
    fields: ['account.name'],
  },
  {
    name: 'a negative revenue',
    body: { ...valid, account: { name: 'A', revenueMillions: -1 } },
    status: 400,
    error: 'invalid_request',
    fields: ['account.revenueMillions'],
  },
  {
    name: 'a revenue given as text',
    body: { ...valid, account: { name: 'A', revenueMillions: '$50,000,000' } },
    status: 400,
    error: 'invalid_request',
    fields: ['account.revenueMillions'],
  },
  {
    name: 'a fractional head count',
    body: { ...valid, account: { name: 'A', employees: 12.5 } },
    status: 400,
    error: 'invalid_request',
    fields: ['account.employees'],
  },
  {
    name: 'a founding year of 1700',
    body: { ...valid, account: { name: 'A', yearEstablished: 1700 } },
    status: 400,
    error: 'invalid_request',
    fields: ['account.yearEstablished'],
  },
  {
    name: 'an unknown account field',
    body: { ...valid, account: { name: 'A', industry: 'retail' } },
    status: 400,
    error: 'invalid_request',
    fields: ['account.industry'],
  },
  {
    name: 'an unknown top-level field',
    body: { ...valid, priority: 'high' },
    status: 400,
    error: 'invalid_request',
    fields: ['priority'],
  },
  {
    name: 'an accountId no import has',
    body: { goal: 'Draft outreach', accountId: 'no-such-company' },
    status: 400,
    error: 'invalid_request',
    fields: ['accountId'],
  },
  {
    name: 'an empty accountId',
    body: { goal: 'Draft outreach', accountId: '' },
    status: 400,
    error: 'invalid_request',
    fields: ['accountId'],
  },
  {
    name: 'an account name of 201 characters',
    body: { ...valid, account: { name: 'n'.repeat(201) } },
    status: 400,
    error: 'invalid_request',
    fields: ['account.name'],
  },
  {
    name: 'a contact without a name',
    body: { ...valid, contact: { email: 'a@b.example' } },
    status: 400,
    error: 'invalid_request',
    fields: ['contact.name'],
  },
  {
    name: 'a contact with a bad email',
    body: { ...valid, contact: { name: 'Dana', email: 'dana-at-example' } },
    status: 400,
    error: 'invalid_request',
    fields: ['contact.email'],
  },
  {
    name: 'a contact given as text',
    body: { ...valid, contact: 'Dana Reyes' },
    status: 400,
    error: 'invalid_request',
    fields: ['contact'],
  },
  {
    name: 'an unknown profile',
    body: { ...valid, profile: 'admin' },
    status: 400,
    error: 'invalid_request',
    fields: ['profile'],
  },
  {
    name: 'a budget of 0',
    body: { ...valid, budget: 0 },
    status: 400,
    error: 'invalid_request',
    fields: ['budget'],
  },
  {
    name: 'a fractional budget',
    body: { ...valid, budget: 1.5 },
    status: 400,
    error: 'invalid_request',
    fields: ['budget'],
  },
  {
    name: 'a budget of 10001',
    body: { ...valid, budget: 10_001 },
    status: 400,
    error: 'invalid_request',
    fields: ['budget'],
  },
  {
    name: 'a budget over the stage maximum',
    body: { ...valid, budget: 501 },
    status: 400,
    error: 'invalid_request',
    fields: ['budget'],
  },
  {
    name: 'a budget given as text',
    body: { ...valid, budget: '10' },
    status: 400,
    error: 'invalid_request',
    fields: ['budget'],
  },
  {
    name: 'a template without a body',
    body: { ...valid, template: { subject: 'Hi' } },
    status: 400,
    error: 'invalid_request',
    fields: ['template.body'],
  },
  {
    name: 'a template subject of 201 characters',
    body: { ...valid, template: { subject: 's'.repeat(201), body: 'Hello' } },
    status: 400,
    error: 'invalid_request',
    fields: ['template.subject'],
  },
  {
    name: 'an evidence note that is an object',
    body: { ...valid, evidence: { budget: { amount: 5 } } },
    status: 400,
    error: 'invalid_request',
    fields: ['evidence.budget'],
  },
  {
    name: 'thirty-one evidence notes',
    body: {
      ...valid,
      evidence: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`n${i}`, 'x'])),
    },
    status: 400,
    error: 'invalid_request',
    fields: ['evidence'],
  },
  {
    name: 'an evidence note of 2001 characters',
    body: { ...valid, evidence: { need: 'n'.repeat(2001) } },
    status: 400,
    error: 'invalid_request',
    fields: ['evidence.need'],
  },
  {
    name: 'a __proto__ key',
    body: `{"goal":"Draft outreach","account":{"name":"A"},"__proto__":{"admin":true}}`,
    status: 400,
    error: 'invalid_request',
    fields: ['__proto__'],
  },
  {
    name: 'a constructor key inside the account',
    body: { ...valid, account: { name: 'A', constructor: { prototype: {} } } },
    status: 400,
    error: 'invalid_request',
    fields: ['account.constructor'],
  },
  {
    name: 'a body nested nine levels deep',
    body: { ...valid, evidence: deep(8) },
    status: 400,
    error: 'invalid_request',
    fields: ['evidence.a.a.a.a.a.a.a'],
  },
  {
    name: 'an Idempotency-Key with a space',
    body: valid,
    headers: { 'idempotency-key': 'two words' },
    status: 400,
    error: 'invalid_request',
    fields: ['Idempotency-Key'],
  },
  {
    name: 'an Idempotency-Key of 101 characters',
    body: valid,
    headers: { 'idempotency-key': 'k'.repeat(101) },
    status: 400,
    error: 'invalid_request',
    fields: ['Idempotency-Key'],
  },
  {
    name: 'no bearer token',
    body: valid,
    headers: { authorization: '' },
    status: 401,
    error: 'unauthorized',
  },
  {
    name: 'a wrong bearer token',
    body: valid,
    headers: { authorization: 'Bearer not-the-token' },
    status: 401,
    error: 'unauthorized',
  },
  {
    name: 'a run id no run has',
    method: 'GET',
    path: '/runs/run_00000000-0000-4000-8000-000000000000',
    status: 404,
    error: 'not_found',
  },
  {
    name: 'a list limit of 0',
    method: 'GET',
    path: '/runs?limit=0',
    status: 400,
    error: 'invalid_request',
    fields: ['limit'],
  },
  {
    name: 'a list limit of abc',
    method: 'GET',
    path: '/runs?limit=abc',
    status: 400,
    error: 'invalid_request',
    fields: ['limit'],
  },
  {
    name: 'an unknown status',
    method: 'GET',
    path: '/runs?status=DONE',
    status: 400,
    error: 'invalid_request',
    fields: ['status'],
  },
  {
    name: 'an unknown query',
    method: 'GET',
    path: '/runs?sort=asc',
    status: 400,
    error: 'invalid_request',
    fields: ['sort'],
  },
  {
    name: 'a bad page token',
    method: 'GET',
    path: '/runs?next=%27%20OR%201%3D1',
    status: 400,
    error: 'invalid_request',
    fields: ['next'],
  },
  {
    name: 'an approval link without signature',
    method: 'GET',
    path: '/approvals/apr_x',
    status: 403,
    error: 'invalid_signature',
  },
  {
    name: 'a decision with a forged signature',
    path: '/approvals/apr_x?exp=4102444800&sig=AAAA',
    body: { decision: 'approve' },
    status: 403,
    error: 'invalid_signature',
  },
  { name: 'an unknown route', method: 'GET', path: '/accounts', status: 404, error: 'not_found' },
  {
    name: 'a lower-case scheme with a wrong token',
    body: valid,
    headers: { authorization: 'bearer not-the-token' },
    status: 401,
    error: 'unauthorized',
  },
  {
    name: 'a form field given twice',
    path: '/approvals/apr_x?exp=4102444800&sig=AAAA',
    body: 'decision=approve&decision=reject',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 403,
    error: 'invalid_signature',
  },
  {
    name: 'an unknown method',
    method: 'DELETE',
    path: '/runs',
    status: 405,
    error: 'method_not_allowed',
  },
];

let stack: LocalStack;
let api: ApiClient;

beforeAll(async () => {
  ({ stack, api } = await startTestStack());
  process.env.MAX_RUN_BUDGET = '500';
});

afterAll(async () => {
  await stack.close();
});

describe('the API refuses bad requests', () => {
  it('has at least fifty of them', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
  });

  it.each(corpus)('answers $status to $name', async (request) => {
    const answer = await api.request(
      request.method ?? 'POST',
      request.path ?? '/runs',
      request.body,
      request.headers,
    );

    expect(answer.status).toBe(request.status);
    expect(answer.body.error).toBe(request.error);
    expect(typeof answer.body.message).toBe('string');
    expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.(ts|js):\d+/);
    if (request.fields) {
      expect(answer.body.fields.map((f: { field: string }) => f.field)).toEqual(request.fields);
    } else {
      expect(answer.body.fields).toBeUndefined();
    }
  });

  it('left no run behind', async () => {
    const runs = await api.request('GET', '/runs');

    expect(runs.status).toBe(200);
    expect(runs.body).toEqual({ runs: [] });
  });
});
