import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small OpenAI-compatible server for tests: it answers chat completions as
 * the test scripts it, so the real `openai` client can be driven through
 * every way a model call ends, and it records what it was asked.
 */

/** How the next completions are answered. */
export type FakeReply =
  /** A completion whose content is `plan` as JSON. */
  | { kind: 'plan'; plan: unknown; totalTokens?: number }
  /** A completion whose content is this text as it is (e.g. malformed JSON). */
  | { kind: 'content'; content: string; totalTokens?: number; finishReason?: string }
  /** A completion that refuses. */
  | { kind: 'refusal'; refusal: string; totalTokens?: number }
  /** An HTTP error with an OpenAI-style error body: 429, 500, ... */
  | { kind: 'status'; status: number }
  /** No answer at all, until the server closes. */
  | { kind: 'hang' };

/** One request the server got, its body parsed. */
export interface FakeRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, any>;
}

export interface FakeOpenAi {
  /** The base URL to give the client, ending in /v1. */
  baseUrl: string;
  requests: FakeRequest[];
  /** Answers every request from now on with `reply`. */
  reply(reply: FakeReply): void;
  close(): Promise<void>;
}

const completionPaths = new Set(['/v1/chat/completions', '/chat/completions']);

/** Starts the fake on 127.0.0.1, an ephemeral port; it answers `initial` until told otherwise. */
export async function startFakeOpenAi(
  initial: FakeReply = { kind: 'status', status: 500 },
): Promise<FakeOpenAi> {
  let current = initial;
  const requests: FakeRequest[] = [];

  const server = createServer(async (request, response) => {
    const text = await readBody(request);
    const path = (request.url ?? '').split('?')[0] ?? '';
    if (request.method !== 'POST' || !completionPaths.has(path)) {
      sendJson(response, 404, { error: { message: `no route ${path}`, type: 'not_found' } });
      return;
    }
    let body: Record<string, any> = {};
    try {
      body = JSON.parse(text);
    } catch {
      sendJson(response, 400, { error: { message: 'body is not JSON', type: 'invalid_request' } });
      return;
    }
    requests.push({
      method: request.method,
      path,
      authorization: request.headers.authorization,
      body,
    });
    answer(current, body, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  const fake: FakeOpenAi = {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (reply) => {
      current = reply;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

function answer(reply: FakeReply, body: Record<string, any>, response: ServerResponse): void {
  switch (reply.kind) {
    case 'hang':
      return;
    case 'status':
      sendJson(response, reply.status, {
        error: { message: `scripted ${reply.status}`, type: 'server_error', code: null },
      });
      return;
    case 'plan':
      sendJson(
        response,
        200,
        completion(body, JSON.stringify(reply.plan), null, reply.totalTokens),
      );
      return;
    case 'content':
      sendJson(
        response,
        200,
        completion(body, reply.content, null, reply.totalTokens, reply.finishReason),
      );
      return;
    case 'refusal':
      sendJson(response, 200, completion(body, null, reply.refusal, reply.totalTokens));
  }
}

/** A chat completion as OpenAI shapes it; usage splits the total 3:1 prompt to completion. */
function completion(
  body: Record<string, any>,
  content: string | null,
  refusal: string | null,
  totalTokens = 0,
  finishReason = 'stop',
) {
  const prompt = Math.floor((totalTokens * 3) / 4);
  return {
    id: `chatcmpl-fake-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal },
        finish_reason: finishReason,
        logprobs: null,
      },
    ],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: totalTokens - prompt,
      total_tokens: totalTokens,
    },
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
