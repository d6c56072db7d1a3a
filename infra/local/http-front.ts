import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import Router, { type HTTPMethod } from 'find-my-way';
import { routes, type Route } from '../../functions/platform/api/routes.js';

/**
 * API Gateway for the local stack: an HTTP server on loopback that matches
 * the API's routes and turns each request into the REST API proxy event the
 * API function gets on AWS.
 */

/** API Gateway's own payload limit is 10 MB; the API answers 413 well below it. */
const maxRequestBytes = 10 * 1024 * 1024;

export type ApiHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** A page or endpoint only the local stack serves. */
export type LocalRoute = (
  request: IncomingMessage,
  response: ServerResponse,
  params: Record<string, string | undefined>,
) => void | Promise<void>;

export interface HttpFront {
  url: string;
  server: Server;
}

export async function startHttpFront(options: {
  port: number;
  api: ApiHandler;
  /** When set, `caller` routes need `Authorization: Bearer <apiToken>`, as IAM does on AWS. */
  apiToken?: string;
  localRoutes?: Record<string, LocalRoute>;
}): Promise<HttpFront> {
  const router = Router({
    ignoreTrailingSlash: true,
    defaultRoute: (request, response) => {
      const allowed = allowedMethods(router, request.url ?? '/');
      if (allowed.length === 0) {
        send(response, 404, { error: 'not_found', message: 'no such route' });
        return;
      }
      response.setHeader('Allow', allowed.join(', '));
      send(response, 405, {
        error: 'method_not_allowed',
        message: `use ${allowed.join(' or ')} on this path`,
      });
    },
  });
  for (const route of routes) {
    router.on(route.method, toRouterPath(route.resource), (request, response, params) =>
      authorized(route, request, options.apiToken)
        ? forward(options.api, route, request, response, params)
        : unauthorized(response),
    );
  }
  for (const [key, handler] of Object.entries(options.localRoutes ?? {})) {
    const [method, path] = key.split(' ') as [HTTPMethod, string];
    router.on(method, path, (request, response, params) => handler(request, response, params));
  }

  const server = createServer((request, response) => {
    Promise.resolve(router.lookup(request, response)).catch((error: Error) => {
      // As API Gateway does when the function itself fails: a bare 502.
      process.stderr.write(`local stack: the API function failed: ${error.message}\n`);
      if (!response.headersSent) send(response, 502, { message: 'Internal server error' });
    });
  });
  // A client that never finishes its request must not hold a connection for long.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${options.port} on 127.0.0.1 is in use; pick another with --port`)
          : error,
      ),
    );
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

/** The methods some route serves on this path, for a 405's Allow header. */
function allowedMethods(router: Router.Instance<Router.HTTPVersion.V1>, url: string): string[] {
  const path = new URL(url, 'http://localhost').pathname;
  const methods: HTTPMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  return methods.filter((method) => router.find(method, path) !== null);
}

function authorized(route: Route, request: IncomingMessage, token?: string): boolean {
  if (route.auth !== 'caller' || !token) return true;
  // The scheme is case-insensitive; the token is not.
  const [scheme, credentials = ''] = (request.headers.authorization ?? '').split(/\s+/, 2);
  const given = Buffer.from(credentials);
  const expected = Buffer.from(token);
  return (
    scheme?.toLowerCase() === 'bearer' &&
    given.length === expected.length &&
    timingSafeEqual(given, expected)
  );
}

function unauthorized(response: ServerResponse): void {
  response.setHeader('WWW-Authenticate', 'Bearer');
  send(response, 401, { error: 'unauthorized', message: 'send Authorization: Bearer <token>' });
}

function toRouterPath(resource: string): string {
  return resource.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxRequestBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function forward(
  api: ApiHandler,
  route: Route,
  request: IncomingMessage,
  response: ServerResponse,
  params: Record<string, string | undefined>,
): Promise<void> {
  const body = await readBody(request);
  if (body === undefined) {
    send(response, 413, { error: 'body_too_large', message: 'the request is too large' });
    return;
  }
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query = url.searchParams.size > 0 ? Object.fromEntries(url.searchParams) : null;
  const requestId = randomUUID();
  const event: APIGatewayProxyEvent = {
    resource: route.resource,
    path: url.pathname,
    httpMethod: route.method,
    headers,
    multiValueHeaders: {},
    queryStringParameters: query,
    multiValueQueryStringParameters: null,
    pathParameters: Object.keys(params).length > 0 ? params : null,
    stageVariables: null,
    body: body.length > 0 ? body : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      domainName: headers.host ?? '127.0.0.1',
      httpMethod: route.method,
      identity: { sourceIp: request.socket.remoteAddress ?? '127.0.0.1' } as never,
      path: url.pathname,
      protocol: 'HTTP/1.1',
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: route.resource,
      stage: 'local',
    },
  };
  const result = await api(event);
  const outHeaders = { ...(result.headers ?? {}), 'x-amzn-requestid': requestId };
  response.writeHead(result.statusCode, outHeaders as Record<string, string>);
  response.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}
