import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchReply, BenchRequest, StackEvent } from './protocol.js';

/**
 * The bench's handle on its stack process: starts it, sends it requests over
 * IPC and hands its events (a run waits, an execution ended) to listeners.
 */

const serverFile = fileURLToPath(new URL('./stack-process.ts', import.meta.url));

type Request = BenchRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;
type Listener = (event: StackEvent, receivedAt: number) => void;

export class StackProcess {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: BenchReply) => void>();
  private readonly listeners = new Set<Listener>();

  private constructor(
    private readonly child: ChildProcess,
    readonly apiUrl: string,
    readonly apiToken: string,
  ) {
    child.on('message', (message: StackEvent | BenchReply) => {
      const receivedAt = performance.timeOrigin + performance.now();
      if (message.type === 'reply') {
        this.pending.get(message.id)?.(message);
        this.pending.delete(message.id);
      } else {
        for (const listener of this.listeners) listener(message, receivedAt);
      }
    });
  }

  /** Starts the stack; `cpuProfileDir` runs it under --cpu-prof. */
  static async start(options: { cpuProfileDir?: string } = {}): Promise<StackProcess> {
    const execArgv = ['--expose-gc', '--import', 'tsx'];
    if (options.cpuProfileDir) {
      execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
    }
    const stdio = ['ignore', 'inherit', 'inherit', 'ipc'] as const;
    const child = fork(serverFile, [], { execArgv, stdio: [...stdio] });
    const ready = await new Promise<Extract<StackEvent, { type: 'ready' }>>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the bench stack exited with ${code}`)));
      child.on('message', (message: StackEvent) => {
        if (message.type === 'ready') resolve(message);
      });
    });
    child.removeAllListeners('exit');
    return new StackProcess(child, ready.apiUrl, ready.apiToken);
  }

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  request<T = unknown>(request: Request): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, (reply) =>
        reply.error ? reject(new Error(reply.error)) : resolve(reply.value as T),
      );
      this.child.send({ ...request, id });
    });
  }

  /** Stops the stack and waits for its process to exit (and write any profile). */
  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.request({ type: 'stop' }).catch(() => undefined);
    await exited;
  }
}
