import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod';
import { readEnvironment } from '../../commons/config.js';
import { ConflictError, InputError, NotFoundError } from '../../commons/errors.js';
import { logger } from '../../commons/powertools.js';
import { parseInput } from '../../commons/validation.js';

/**
 * Request and response plumbing for the API handlers: body parsing with clear
 * 4xx answers, JSON and HTML responses, and the mapping from the product's
 * errors to status codes. No stack trace ever leaves here.
 */

export const maxBodyBytes = 64 * 1024;

/** An answer with a status the caller should see, and a machine-readable code. */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const securityHeaders = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export function json(statusCode: number, body: unknown): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...securityHeaders },
    body: JSON.stringify(body),
  };
}

export function html(statusCode: number, body: string): APIGatewayProxyResult {
  return {
    statusCode,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      ...securityHeaders,
    },
    body,
  };
}

/** Reads a header whatever its case. */
export function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

/** True when the caller asked for JSON rather than a page. */
export function wantsJson(event: APIGatewayProxyEvent): boolean {
  const accept = header(event, 'accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

function rawBody(event: APIGatewayProxyEvent): string {
  const body = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  if (Buffer.byteLength(text) > maxBodyBytes) {
    throw new HttpError(413, 'body_too_large', `the body is over ${maxBodyBytes} bytes`);
  }
  return text;
}

/**
 * Parses the body as JSON, or as an HTML form where `allowForm` is set, and
 * validates it against `schema`.
 */
export function parseBody<T>(
  event: APIGatewayProxyEvent,
  schema: z.ZodType<T>,
  options: { allowForm?: boolean } = {},
): T {
  const contentType = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const text = rawBody(event);
  let value: unknown;
  if (contentType === 'application/json') {
    value = parseJson(text);
  } else if (options.allowForm && contentType === 'application/x-www-form-urlencoded') {
    value = parseForm(text);
  } else {
    const accepted = options.allowForm
      ? 'application/json or application/x-www-form-urlencoded'
      : 'application/json';
    throw new HttpError(415, 'unsupported_media_type', `send the body as ${accepted}`);
  }
  return parseInput(schema, value, 'request body');
}

/** Deeper than this, a request body is refused before any schema sees it. */
export const maxBodyDepth = 8;

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * JSON.parse with the checks a schema cannot make: nesting depth, and keys
 * that could reach an object's prototype if anything merged the body.
 */
function parseJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError('the body is not valid JSON', [
      { field: '(body)', problem: 'not valid JSON' },
    ]);
  }
  const visit = (node: unknown, path: string[]): void => {
    if (typeof node !== 'object' || node === null) return;
    if (path.length >= maxBodyDepth) {
      throw new InputError(`the body is nested deeper than ${maxBodyDepth} levels`, [
        { field: path.join('.'), problem: `nested deeper than ${maxBodyDepth} levels` },
      ]);
    }
    for (const key of Object.keys(node)) {
      if (forbiddenKeys.has(key)) {
        const field = [...path, key].join('.');
        throw new InputError(`the body has a forbidden key ${key}`, [
          { field, problem: 'this key is not allowed' },
        ]);
      }
      visit((node as Record<string, unknown>)[key], [...path, key]);
    }
  };
  visit(value, []);
  return value;
}

/** An HTML form's fields; a field given twice is ambiguous, so it is refused. */
function parseForm(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (Object.hasOwn(fields, key)) {
      throw new InputError(`the form gives ${key} more than once`, [
        { field: key, problem: 'given more than once' },
      ]);
    }
    fields[key] = value;
  }
  return fields;
}

/** True when the caller is a browser: it sent a form or asked for a page, and not for JSON. */
export function wantsPage(event: APIGatewayProxyEvent): boolean {
  const sentForm = (header(event, 'content-type') ?? '').startsWith(
    'application/x-www-form-urlencoded',
  );
  const askedForPage = (header(event, 'accept') ?? '').includes('text/html');
  return (sentForm || askedForPage) && !wantsJson(event);
}

/** The base URL callers reach this API at, for the links it hands out. */
export function publicBaseUrl(event: APIGatewayProxyEvent): string {
  const configured = readEnvironment().PUBLIC_API_URL;
  if (configured) return configured.replace(/\/+$/, '');
  const { domainName, stage } = event.requestContext;
  return `https://${domainName}/${stage}`;
}

/**
 * Every error answer of the API has this shape; the OpenAPI document is
 * generated from it, and clients can rely on `error` and `fields`.
 */
export const apiErrorSchema = z
  .strictObject({
    error: z
      .string()
      .meta({ description: 'A machine-readable code.', examples: ['invalid_request'] }),
    message: z.string().meta({ description: 'One line a person can act on.' }),
    fields: z
      .array(z.strictObject({ field: z.string(), problem: z.string() }))
      .optional()
      .meta({ description: 'On 400: each bad field, by its dotted path, and what is wrong.' }),
    decision: z
      .enum(['PENDING', 'APPROVED', 'REJECTED', 'TIMED_OUT'])
      .optional()
      .meta({ description: 'On 409 and 410 of a decision: what was decided before.' }),
    decidedAt: z.iso.datetime().optional(),
    reason: z.string().optional(),
    requestId: z.string().optional().meta({ description: 'On 500: the id to look for in logs.' }),
  })
  .meta({ description: 'An error answer.' });

/** Maps any error to an answer; unknown errors become a bare 500. */
export function errorResponse(error: unknown, requestId: string): APIGatewayProxyResult {
  if (error instanceof HttpError) {
    return json(error.statusCode, { error: error.code, message: error.message, ...error.detail });
  }
  if (error instanceof InputError) {
    return json(400, { error: 'invalid_request', message: error.message, fields: error.problems });
  }
  if (error instanceof NotFoundError) {
    return json(404, { error: 'not_found', message: error.message });
  }
  if (error instanceof ConflictError) {
    return json(409, { error: 'conflict', message: error.message, ...error.detail });
  }
  logger.error('request failed', { err: error });
  return json(500, { error: 'internal', message: 'internal error', requestId });
}
