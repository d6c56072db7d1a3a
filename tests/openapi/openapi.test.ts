import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalPath } from '../../functions/commons/approval-link.js';
import type { OpenApiDocument } from '../../functions/platform/api/openapi.js';
import { routes } from '../../functions/platform/api/routes.js';
import type { LocalStack } from '../../infra/local/stack.js';
import { northwind, startTestStack, type ApiClient } from '../support/local-stack.js';
import { DocumentCheck } from './document-check.js';

/**
 * The OpenAPI document served at `GET /openapi.json`: valid OpenAPI 3.1,
 * one operation per route of routes.ts, and true to the handlers: every
 * answer the local stack gives here, successes and errors, has a status the
 * document lists for its route and a body that matches the documented schema.
 */

let stack: LocalStack;
let api: ApiClient;
let document: OpenApiDocument;
let check: DocumentCheck;

interface Answer {
  status: number;
  contentType: string;
  body: unknown;
}

/** One request as a client would send it; `token: false` sends none. */
async function call(
  method: string,
  path: string,
  options: { body?: string; type?: string; token?: boolean; accept?: string } = {},
): Promise<Answer> {
  const url = path.startsWith('http') ? path : `${stack.apiUrl}${path}`;
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  if (options.token !== false) headers.authorization = `Bearer ${api.token}`;
  if (options.body !== undefined) headers['content-type'] = options.type ?? 'application/json';
  const response = await fetch(url, { method, headers, body: options.body });
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  const body = contentType.startsWith('application/json') ? JSON.parse(text) : text;
  return { status: response.status, contentType, body };
}

/** Asserts the answer's status and that the document describes it exactly. */
function expectDocumented(method: string, resource: string, answer: Answer, status: number) {
  expect({ status: answer.status, problems: check.problems(method, resource, answer) }).toEqual({
    status,
    problems: [],
  });
}

const runRequest = JSON.stringify({ goal: 'Draft outreach', ...northwind });

async function runAwaitingApproval(): Promise<{ runId: string; approvalUrl: string }> {
  const started = await call('POST', '/runs', { body: runRequest });
  const runId = (started.body as { runId: string }).runId;
  const waiting = await api.waitForStatus(runId, ['AWAITING_APPROVAL']);
  return { runId, approvalUrl: waiting.approvalUrl };
}

beforeAll(async () => {
  ({ stack, api } = await startTestStack());
  const served = await fetch(`${stack.apiUrl}/openapi.json`);
  document = (await served.json()) as OpenApiDocument;
  check = new DocumentCheck(document);
});

afterAll(async () => {
  await stack.close();
});

describe('the OpenAPI document', () => {
  it('is served without a token and validates as OpenAPI 3.1', async () => {
    const validator = new Validator();

    const result = await validator.validate(document);

    expect(result).toEqual({ valid: true });
    expect(validator.version).toBe('3.1');
    expect(document.servers).toEqual([{ url: stack.apiUrl }]);
  });

  it('has exactly the routes of routes.ts, each with a JSON success schema', () => {
    const documented = Object.entries(document.paths).flatMap(([resource, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${resource}`),
    );
    const undescribed = routes
      .filter((route) => {
        const operation = document.paths[route.resource]?.[route.method.toLowerCase()];
        const success = Object.entries(operation?.responses ?? {}).find(([s]) => s[0] === '2');
        const media = success?.[1].content?.['application/json'] as { schema?: { $ref: string } };
        const name = media?.schema?.$ref.split('/').pop() ?? '';
        return operation?.summary !== route.summary || !document.components.schemas[name];
      })
      .map((route) => `${route.method} ${route.resource}`);

    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${r.resource}`).sort());
    expect(
      undescribed,
      'describe each in `operations` of functions/platform/api/openapi.ts',
    ).toEqual([]);
  });

  it('asks a bearer token of caller routes and nothing of signed-link routes', () => {
    const security = (route: (typeof routes)[number]) =>
      document.paths[route.resource]?.[route.method.toLowerCase()]?.security;

    for (const route of routes) {
      expect(security(route)).toEqual(route.auth === 'caller' ? [{ bearerToken: [] }] : []);
    }
    expect(routes.filter((r) => r.auth === 'link').map((r) => `${r.method} ${r.resource}`)).toEqual(
      ['GET /approvals/{approvalId}', 'POST /approvals/{approvalId}'],
    );
    expect(document.components.securitySchemes).toEqual({
      bearerToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
  });

  it('takes request bodies and parameters from the zod schemas', () => {
    const start = document.paths['/runs']?.post;
    const decide = document.paths['/approvals/{approvalId}']?.post;
    const list = document.paths['/runs']?.get;
    const show = document.paths['/approvals/{approvalId}']?.get;
    const names = (operation: typeof start) =>
      (operation?.parameters as { name: string; in: string; required: boolean }[]).map(
        (p) => `${p.in} ${p.name}${p.required ? ' (required)' : ''}`,
      );

    expect(document.components.schemas.StartRunRequest).toMatchObject({
      required: ['goal'],
      additionalProperties: false,
    });
    expect(document.components.schemas.DecisionRequest).toMatchObject({
      properties: { decision: { type: 'string', enum: ['approve', 'reject'] } },
      required: ['decision'],
    });
    expect(Object.keys(decide?.requestBody as object)).toEqual(['required', 'content']);
    expect(Object.keys((decide?.requestBody as { content: object }).content)).toEqual([
      'application/json',
      'application/x-www-form-urlencoded',
    ]);
    expect(names(start)).toEqual(['header Idempotency-Key']);
    expect(names(list)).toEqual(['query limit', 'query status', 'query next']);
    expect(names(show)).toEqual([
      'path approvalId (required)',
      'query exp (required)',
      'query sig (required)',
    ]);
  });
});

describe('the answers of the local stack match the document', () => {
  let awaiting: { runId: string; approvalUrl: string };

  it('POST /runs: 202, 400, 401, 413, 415 and 422', async () => {
    const answers = {
      202: await call('POST', '/runs', { body: runRequest }),
      400: await call('POST', '/runs', { body: JSON.stringify({ goal: 'Draft', extra: 1 }) }),
      401: await call('POST', '/runs', { body: runRequest, token: false }),
      413: await call('POST', '/runs', { body: JSON.stringify({ goal: 'x'.repeat(70_000) }) }),
      415: await call('POST', '/runs', { body: runRequest, type: 'text/plain' }),
    };
    const key = { 'idempotency-key': 'openapi-test-key' };
    await api.request('POST', '/runs', JSON.parse(runRequest), key);
    const reused = await api.request('POST', '/runs', { goal: 'Qualify', ...northwind }, key);

    for (const [status, answer] of Object.entries(answers)) {
      expectDocumented('POST', '/runs', answer, Number(status));
    }
    expect((answers[400].body as { fields: unknown }).fields).toEqual([
      { field: 'extra', problem: 'unknown field' },
      { field: 'account', problem: expect.stringContaining('give exactly one of account') },
    ]);
    expectDocumented('POST', '/runs', { ...reused, contentType: 'application/json' }, 422);
  });

  it('GET /runs/{runId}: 200 while a run waits for approval, 404 and 401', async () => {
    awaiting = await runAwaitingApproval();

    const waiting = await call('GET', `/runs/${awaiting.runId}`);
    const unknown = await call('GET', '/runs/run_00000000-0000-0000-0000-000000000000');
    const anonymous = await call('GET', `/runs/${awaiting.runId}`, { token: false });

    expectDocumented('GET', '/runs/{runId}', waiting, 200);
    expect((waiting.body as { status: string }).status).toBe('AWAITING_APPROVAL');
    expectDocumented('GET', '/runs/{runId}', unknown, 404);
    expectDocumented('GET', '/runs/{runId}', anonymous, 401);
  });

  it('GET /runs: 200, 400 and 401', async () => {
    const page = await call('GET', '/runs?limit=50');
    const waiting = await call('GET', '/runs?status=AWAITING_APPROVAL');
    const bad = await call('GET', '/runs?limit=0&colour=red');
    const anonymous = await call('GET', '/runs', { token: false });

    expectDocumented('GET', '/runs', page, 200);
    expectDocumented('GET', '/runs', waiting, 200);
    expect((waiting.body as { runs: unknown[] }).runs).toContainEqual(
      expect.objectContaining({ runId: awaiting.runId, approvalUrl: awaiting.approvalUrl }),
    );
    expectDocumented('GET', '/runs', bad, 400);
    expectDocumented('GET', '/runs', anonymous, 401);
  });

  it('GET /approvals/{approvalId}: 200 as JSON and as a page, 403, 404 and 410', async () => {
    const approvalId = new URL(awaiting.approvalUrl).pathname.split('/').pop() as string;
    const expired = await approvalPath(approvalId, new Date(Date.now() - 60_000));
    const missing = await approvalPath('apr_missing', new Date(Date.now() + 60_000));
    const resource = '/approvals/{approvalId}';

    expectDocumented('GET', resource, await call('GET', awaiting.approvalUrl), 200);
    const page = await call('GET', awaiting.approvalUrl, { accept: 'text/html' });
    expectDocumented('GET', resource, page, 200);
    expect(page.contentType).toBe('text/html; charset=utf-8');
    const forged = awaiting.approvalUrl.replace(/sig=[^&]+/, 'sig=forged');
    expectDocumented('GET', resource, await call('GET', forged), 403);
    expectDocumented('GET', resource, await call('GET', missing), 404);
    expectDocumented('GET', resource, await call('GET', expired), 410);
  });

  it('POST /approvals/{approvalId}: 400, 415, 200, 409, 403 and 410', async () => {
    const resource = '/approvals/{approvalId}';
    const approvalId = new URL(awaiting.approvalUrl).pathname.split('/').pop() as string;
    const expired = await approvalPath(approvalId, new Date(Date.now() - 60_000));
    const decide = (body: string, type?: string) =>
      call('POST', awaiting.approvalUrl, { body, type });

    expectDocumented('POST', resource, await decide('{"decision":"maybe"}'), 400);
    expectDocumented('POST', resource, await decide('approve', 'text/plain'), 415);
    const forged = awaiting.approvalUrl.replace(/sig=[^&]+/, 'sig=forged');
    expectDocumented('POST', resource, await call('POST', forged, { body: '{}' }), 403);
    expectDocumented('POST', resource, await call('POST', expired, { body: '{}' }), 410);
    const approved = await decide('{"decision":"approve","reason":"Looks right"}');
    expectDocumented('POST', resource, approved, 200);
    const again = await decide('{"decision":"reject"}');
    expectDocumented('POST', resource, again, 409);
    expect(again.body).toEqual({
      error: 'already_decided',
      message: 'this approval was decided already',
      decision: 'APPROVED',
      decidedAt: (approved.body as { decidedAt: string }).decidedAt,
      reason: 'Looks right',
    });
  });

  it('GET /runs/{runId}: 200 for a SUCCEEDED and a PARTIAL run', async () => {
    const rejected = await runAwaitingApproval();
    await api.decide(rejected.approvalUrl, 'reject', 'Not now');
    await api.waitForStatus(awaiting.runId, ['SUCCEEDED']);
    await api.waitForStatus(rejected.runId, ['PARTIAL']);

    const succeeded = await call('GET', `/runs/${awaiting.runId}`);
    const partial = await call('GET', `/runs/${rejected.runId}`);

    expectDocumented('GET', '/runs/{runId}', succeeded, 200);
    expectDocumented('GET', '/runs/{runId}', partial, 200);
    expect((partial.body as { status: string }).status).toBe('PARTIAL');
  });
});

describe('the answer check', () => {
  it('names an undocumented status, an undocumented field and a wrong type', () => {
    const json = 'application/json; charset=utf-8';
    const run = { runId: 'run_x', traceId: 't', status: 'DONE', statusUrl: 'http://h/runs/x' };

    const teapot = check.problems('GET', '/runs', { status: 418, contentType: json, body: {} });
    const extra = check.problems('POST', '/runs', {
      status: 202,
      contentType: json,
      body: { ...run, status: 'PLANNING', secret: 'x' },
    });
    const wrong = check.problems('POST', '/runs', { status: 202, contentType: json, body: run });

    expect(teapot).toEqual(['GET /runs does not document status 418']);
    expect(extra).toEqual([
      '(body) must NOT have additional properties {"additionalProperty":"secret"}',
    ]);
    const allowed = ['PLANNING', 'RUNNING', 'AWAITING_APPROVAL', 'SUCCEEDED', 'PARTIAL', 'FAILED'];
    const params = JSON.stringify({ allowedValues: allowed });
    expect(wrong).toEqual([`/status must be equal to one of the allowed values ${params}`]);
  });
});
