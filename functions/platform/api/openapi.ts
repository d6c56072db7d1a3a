import { z } from 'zod';
import { approvalViewSchema } from './approval-page.js';
import { decisionAnswerSchema, decisionRequestSchema } from './decide-approval.js';
import { runViewSchema, stepViewSchema } from './get-run.js';
import { apiErrorSchema } from './http.js';
import { listRunsQuerySchema, runListSchema, runSummarySchema } from './list-runs.js';
import { routeKey, routes, type Route } from './routes.js';
import { idempotencyKeySchema } from './idempotency.js';
import { runStartedSchema, startRunRequestSchema } from './start-run.js';
import { campaignStartedSchema, startCampaignRequestSchema } from './start-campaign.js';
import { campaignViewSchema } from './get-campaign.js';
import { campaignDecisionsAnswerSchema, campaignDecisionsSchema } from './decide-campaign.js';

/**
 * The API's OpenAPI 3.1 document, generated from the zod schemas the handlers
 * parse requests with and type their answers by, and from the route list, so
 * the description cannot drift from the code: the tests check that every
 * route has its operation here, and real answers against the document.
 */

type JsonSchema = Record<string, unknown>;

/** An OpenAPI 3.1 document, as plain JSON. */
export type OpenApiDocument = Record<string, unknown> & {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> } & Record<string, unknown>;
};

interface Operation {
  operationId: string;
  summary: string;
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
  [key: string]: unknown;
}

/** Response schemas, by component name; read with `io: 'output'`. */
const responseSchemas: Record<string, z.ZodType> = {
  RunStarted: runStartedSchema,
  RunList: runListSchema,
  RunSummary: runSummarySchema,
  RunView: runViewSchema,
  StepView: stepViewSchema,
  ApprovalView: approvalViewSchema,
  DecisionAnswer: decisionAnswerSchema,
  CampaignStarted: campaignStartedSchema,
  CampaignView: campaignViewSchema,
  CampaignDecisionsAnswer: campaignDecisionsAnswerSchema,
  Error: apiErrorSchema,
};

/** Request body schemas, by component name; read with `io: 'input'`, so defaults are optional. */
const requestSchemas: Record<string, z.ZodType> = {
  StartRunRequest: startRunRequestSchema,
  DecisionRequest: decisionRequestSchema,
  StartCampaignRequest: startCampaignRequestSchema,
  CampaignDecisions: campaignDecisionsSchema,
};

/** The query every approval link carries; the handler checks it before anything else. */
const approvalLinkQuerySchema = z.object({
  exp: z
    .string()
    .regex(/^\d+$/)
    .meta({ description: 'When the link expires, in seconds since the epoch.' }),
  sig: z.string().min(1).meta({ description: 'HMAC-SHA256 over the approval id and `exp`.' }),
});

const errorAnswers: Record<string, string> = {
  400: 'The request is invalid; `fields` names each bad field and what is wrong.',
  401: 'No valid bearer token (the local stack; on AWS the stage authorizer answers).',
  403: 'The approval link is forged or altered.',
  404: 'No such run or approval.',
  409: 'A conflict: the approval was decided already, or the same request is in progress.',
  410: 'The approval link expired, or the run stopped waiting for a decision.',
  413: 'The body is over 64 KiB.',
  415: 'The body is not JSON (or, for a decision, a form).',
  422: 'This Idempotency-Key was used with another body.',
  500: 'An internal error; `requestId` names it in the logs.',
  502: 'The decision could not be recorded or delivered to the workflow.',
  503: 'The workflow could not be started; try again.',
};

interface OperationSpec {
  operationId: string;
  query?: z.ZodObject;
  headers?: Record<string, { schema: z.ZodType; required: boolean }>;
  body?: { schema: string; form?: boolean };
  success: { status: number; schema: string; description: string; html?: boolean };
  errors: number[];
}

/** Each route's operation; the keys must match routes.ts exactly. */
const operations: Record<string, OperationSpec> = {
  [routeKey('POST', '/runs')]: {
    operationId: 'startRun',
    headers: { 'Idempotency-Key': { schema: idempotencyKeySchema, required: false } },
    body: { schema: 'StartRunRequest' },
    success: { status: 202, schema: 'RunStarted', description: 'The run started.' },
    errors: [400, 401, 409, 413, 415, 422, 500, 503],
  },
  [routeKey('GET', '/runs')]: {
    operationId: 'listRuns',
    query: listRunsQuerySchema,
    success: { status: 200, schema: 'RunList', description: 'A page of runs.' },
    errors: [400, 401, 500],
  },
  [routeKey('GET', '/runs/{runId}')]: {
    operationId: 'getRun',
    success: { status: 200, schema: 'RunView', description: 'The run.' },
    errors: [401, 404, 500],
  },
  [routeKey('POST', '/campaigns')]: {
    operationId: 'startCampaign',
    headers: { 'Idempotency-Key': { schema: idempotencyKeySchema, required: false } },
    body: { schema: 'StartCampaignRequest' },
    success: { status: 202, schema: 'CampaignStarted', description: 'The campaign started.' },
    errors: [400, 401, 409, 413, 415, 422, 500, 503],
  },
  [routeKey('GET', '/campaigns/{campaignId}')]: {
    operationId: 'getCampaign',
    success: {
      status: 200,
      schema: 'CampaignView',
      description: 'JSON, or the campaign page with `Accept: text/html`.',
      html: true,
    },
    errors: [401, 404, 500],
  },
  [routeKey('POST', '/campaigns/{campaignId}/decisions')]: {
    operationId: 'decideCampaignDrafts',
    body: { schema: 'CampaignDecisions', form: true },
    success: {
      status: 200,
      schema: 'CampaignDecisionsAnswer',
      description: 'One result per decision; JSON, or a page for the campaign page form.',
      html: true,
    },
    errors: [400, 401, 404, 413, 415, 500],
  },
  [routeKey('GET', '/approvals/{approvalId}')]: {
    operationId: 'showApproval',
    query: approvalLinkQuerySchema,
    success: {
      status: 200,
      schema: 'ApprovalView',
      description: 'JSON with `Accept: application/json`, else the page with the decision form.',
      html: true,
    },
    errors: [403, 404, 410, 500],
  },
  [routeKey('POST', '/approvals/{approvalId}')]: {
    operationId: 'decideApproval',
    query: approvalLinkQuerySchema,
    body: { schema: 'DecisionRequest', form: true },
    success: {
      status: 200,
      schema: 'DecisionAnswer',
      description: 'Recorded: JSON when the request was JSON or asked for it, else a page.',
      html: true,
    },
    errors: [400, 403, 404, 409, 410, 413, 415, 500, 502],
  },
};

const pathParameterDescriptions: Record<string, string> = {
  runId: 'The run id, `run_<uuid>`, from `POST /runs`.',
  approvalId: 'The approval id, from the signed link.',
  campaignId: 'The campaign id, `cmp_<uuid>`, from `POST /campaigns`.',
};

/** The API's OpenAPI 3.1 document; `serverUrl` is where this API is reached. */
export function openApiDocument(serverUrl?: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    paths[route.resource] ??= {};
    (paths[route.resource] as Record<string, Operation>)[route.method.toLowerCase()] =
      operationFor(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'cugar-sales API',
      version: '1',
      description:
        'Start sales runs, follow them, and decide their approvals through signed links.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      schemas: {
        ...componentSchemas(responseSchemas, 'output'),
        ...componentSchemas(requestSchemas, 'input'),
      },
      securitySchemes: {
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            "The local stack's API token, or a Cognito JWT on a stage that uses Cognito; " +
            'a stage with IAM auth wants SigV4-signed requests instead.',
        },
      },
    },
  };
}

/**
 * A route added to routes.ts without an entry in `operations` is listed with
 * no more than its summary, so the local stack keeps serving the document;
 * the OpenAPI test fails on it.
 */
function operationFor(route: Route): Operation {
  const key = routeKey(route.method, route.resource);
  const security = route.auth === 'caller' ? [{ bearerToken: [] }] : [];
  const spec = operations[key];
  if (!spec) {
    const operationId = key.replace(/[^A-Za-z0-9]+/g, '_');
    const responses = { default: { description: 'Not described yet.' } };
    return { operationId, summary: route.summary, security, responses };
  }

  const parameters = [
    ...pathParameters(route.resource),
    ...(spec.query ? queryParameters(spec.query) : []),
    ...Object.entries(spec.headers ?? {}).map(([name, header]) => {
      const { description, ...schema } = jsonSchema(header.schema, 'input');
      return { name, in: 'header', required: header.required, description, schema };
    }),
  ];
  return {
    operationId: spec.operationId,
    summary: route.summary,
    security,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(spec.body ? { requestBody: requestBody(spec.body) } : {}),
    responses: {
      [spec.success.status]: {
        description: spec.success.description,
        content: {
          'application/json': { schema: ref(spec.success.schema) },
          ...(spec.success.html ? { 'text/html': { schema: { type: 'string' } } } : {}),
        },
      },
      ...Object.fromEntries(
        spec.errors.map((status) => [
          String(status),
          {
            description: errorAnswers[status] ?? 'An error.',
            content: { 'application/json': { schema: ref('Error') } },
          },
        ]),
      ),
    },
  };
}

function requestBody(body: NonNullable<OperationSpec['body']>) {
  const schema = ref(body.schema);
  return {
    required: true,
    content: {
      'application/json': { schema },
      ...(body.form ? { 'application/x-www-form-urlencoded': { schema } } : {}),
    },
  };
}

function pathParameters(resource: string) {
  return [...resource.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    description: pathParameterDescriptions[name as string],
    schema: { type: 'string' },
  }));
}

function queryParameters(query: z.ZodObject) {
  const schema = jsonSchema(query, 'input');
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, { description, ...property }]) => ({
    name,
    in: 'query',
    required: required.has(name),
    description,
    schema: property,
  }));
}

function ref(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

/** One zod schema as a JSON Schema 2020-12 fragment, which is what OpenAPI 3.1 takes. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

/**
 * Several zod schemas as components that refer to each other by `$ref`
 * wherever one is a part of another.
 */
function componentSchemas(
  schemas: Record<string, z.ZodType>,
  io: 'input' | 'output',
): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: converted } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  return Object.fromEntries(
    Object.entries(converted).map(([id, { $schema: _dialect, $id: _id, ...rest }]) => [id, rest]),
  );
}
