import { northwind } from '../support/local-stack.js';
import { badRunBodies } from './bad-run-bodies.js';

/**
 * Bad requests to the API, each with the status, error code and fields its
 * answer must give: the bodies of `POST /runs`, then headers, tokens, the
 * other routes and approval links. The stage's maximum budget is 500 in the suite.
 */

export interface BadRequest {
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

export const corpus: BadRequest[] = [
  ...badRunBodies,
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
