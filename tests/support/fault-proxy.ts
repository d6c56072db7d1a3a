import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A proxy in front of dynalite that answers chosen DynamoDB calls with
 * errors, the way DynamoDB itself would, so the SDK's own retries and the
 * product's handling run for real.
 */

export interface Fault {
  /** The operation, e.g. `UpdateItem`. */
  operation: string;
  /** Only calls naming this table; any table when absent. */
  table?: string;
  /** How many calls to fail; Infinity for all. */
  times: number;
  status: number;
  type: string;
}

export class FaultProxy {
  readonly faults: Fault[] = [];
  /** Calls answered with a fault, by operation. */
  readonly injected = new Map<string, number>();
  private server?: Server;

  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    const target = new URL(this.target);
    this.server = createServer(async (incoming, outgoing) => {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const operation =
        String(incoming.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      const table = (JSON.parse(body.toString() || '{}') as { TableName?: string }).TableName;
      const fault = this.faults.find(
        (f) => f.operation === operation && f.times > 0 && (!f.table || f.table === table),
      );
      if (fault) {
        fault.times -= 1;
        this.injected.set(operation, (this.injected.get(operation) ?? 0) + 1);
        outgoing.writeHead(fault.status, { 'content-type': 'application/x-amz-json-1.0' });
        outgoing.end(
          JSON.stringify({
            __type: `com.amazonaws.dynamodb.v20120810#${fault.type}`,
            message: 'injected',
          }),
        );
        return;
      }
      const upstream = forward(
        {
          host: target.hostname,
          port: target.port,
          path: incoming.url,
          method: incoming.method,
          headers: incoming.headers,
        },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 500, response.headers);
          response.pipe(outgoing);
        },
      );
      upstream.end(body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
