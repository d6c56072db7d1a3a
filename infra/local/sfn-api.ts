import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ExecutionError,
  TaskTokenError,
  type Execution,
  type LocalStepFunctions,
} from './step-functions.js';

/**
 * The Step Functions API on loopback, in AWS's JSON 1.0 protocol, for the
 * calls the product makes: the functions use @aws-sdk/client-sfn unchanged,
 * pointed here by SFN_ENDPOINT.
 */

type Body = Record<string, unknown>;

const epochSeconds = (date?: Date) => (date ? date.getTime() / 1000 : undefined);

function describe(execution: Execution) {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: epochSeconds(execution.startDate),
    stopDate: epochSeconds(execution.stopDate),
    input: execution.input,
    output: execution.output,
    error: execution.error,
    cause: execution.cause,
  };
}

/** The engine's event log in the shape of GetExecutionHistory. */
function history(execution: Execution) {
  return execution.events.map((event, index) => {
    const named = event as { type: string; timestamp: number; state?: { name: string } };
    return {
      id: index + 1,
      previousEventId: index,
      timestamp: named.timestamp / 1000,
      type: named.type,
      stateName: named.state?.name,
    };
  });
}

function operations(sfn: LocalStepFunctions): Record<string, (body: Body) => unknown> {
  return {
    StartExecution: (body) => {
      const execution = sfn.startExecution(
        String(body.stateMachineArn),
        body.name as string | undefined,
        (body.input as string | undefined) ?? '{}',
      );
      return { executionArn: execution.executionArn, startDate: epochSeconds(execution.startDate) };
    },
    DescribeExecution: (body) => describe(sfn.describeExecution(String(body.executionArn))),
    GetExecutionHistory: (body) => ({
      events: history(sfn.describeExecution(String(body.executionArn))),
    }),
    StopExecution: (body) => ({
      stopDate: epochSeconds(
        sfn.stopExecution(String(body.executionArn), body.error as string, body.cause as string),
      ),
    }),
    SendTaskSuccess: (body) => {
      sfn.sendTaskSuccess(String(body.taskToken), String(body.output));
      return {};
    },
    SendTaskFailure: (body) => {
      sfn.sendTaskFailure(String(body.taskToken), body.error as string, body.cause as string);
      return {};
    },
  };
}

async function readBody(request: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Body) : {};
}

export async function startStepFunctionsApi(
  sfn: LocalStepFunctions,
): Promise<{ endpoint: string; server: Server }> {
  const handlers = operations(sfn);
  const server = createServer(async (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.replace(/^AWSStepFunctions\./, '');
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(body));
    };
    const handler = handlers[operation];
    if (!handler) {
      reply(400, {
        __type: 'UnknownOperationException',
        message: `${operation} is not served locally`,
      });
      return;
    }
    try {
      reply(200, handler(await readBody(request)));
    } catch (error) {
      if (error instanceof TaskTokenError || error instanceof ExecutionError) {
        reply(400, { __type: error.code, message: error.message });
      } else {
        reply(500, { __type: 'InternalFailure', message: (error as Error).message });
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, server };
}
