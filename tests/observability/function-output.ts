/**
 * What the functions of a local stack write while a test acts: Powertools
 * writes each log line and EMF metric event as one JSON line on stdout (warn
 * and error logs on stderr). Capturing both streams in the test's own
 * process is the local stand-in for reading CloudWatch Logs.
 */

/** A structured log line, as Powertools' logger writes it. */
export interface LogLine {
  kind: 'log';
  level: string;
  message: string;
  runId?: string;
  traceId?: string;
  xray_trace_id?: string;
  function_name?: string;
  handler?: string;
  tool?: string;
  [key: string]: unknown;
}

/** One EMF event: one metric, its dimensions, and the run's ids as metadata. */
export interface MetricEvent {
  kind: 'metric';
  name: string;
  namespace: string;
  dimensions: Record<string, string>;
  value: unknown;
  runId?: string;
  traceId?: string;
}

export type OutputLine = LogLine | MetricEvent;

/** Everything written while `act` ran, parsed; lines that are not JSON are kept apart. */
export interface CapturedOutput<T> {
  result: T;
  lines: OutputLine[];
  unparsed: string[];
}

type Write = typeof process.stdout.write;

/**
 * Runs `act` with stdout and stderr captured (and kept off the terminal),
 * restoring both streams however `act` ends.
 */
export async function captureFunctionOutput<T>(act: () => Promise<T>): Promise<CapturedOutput<T>> {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  const capture = ((chunk: unknown, ...rest: unknown[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as Write;
  for (const stream of streams) stream.write = capture;
  let result: T;
  try {
    result = await act();
  } finally {
    streams.forEach((stream, index) => (stream.write = originals[index] as Write));
  }
  return { result, ...parseOutput(chunks.join('')) };
}

function parseOutput(text: string): { lines: OutputLine[]; unparsed: string[] } {
  const lines: OutputLine[] = [];
  const unparsed: string[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      unparsed.push(raw);
      continue;
    }
    lines.push(...toOutputLines(record, raw, unparsed));
  }
  return { lines, unparsed };
}

interface EmfMetadata {
  CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
}

function toOutputLines(record: Record<string, unknown>, raw: string, unparsed: string[]) {
  const emf = record._aws as EmfMetadata | undefined;
  if (emf) {
    return emf.CloudWatchMetrics.flatMap((directive) =>
      directive.Metrics.map((metric): MetricEvent => ({
        kind: 'metric',
        name: metric.Name,
        namespace: directive.Namespace,
        dimensions: Object.fromEntries(
          (directive.Dimensions[0] ?? []).map((key) => [key, String(record[key])]),
        ),
        value: record[metric.Name],
        runId: record.runId as string | undefined,
        traceId: record.traceId as string | undefined,
      })),
    );
  }
  if (typeof record.level === 'string' && typeof record.message === 'string') {
    return [{ ...record, kind: 'log' } as LogLine];
  }
  unparsed.push(raw);
  return [];
}

/** How many times each value of `key` occurs. */
export function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Picks `names` out of `counts`, with 0 for a name that never occurred. */
export function countsOf(counts: Record<string, number>, names: string[]): Record<string, number> {
  return Object.fromEntries(names.map((name) => [name, counts[name] ?? 0]));
}

/** The name of a line: a log line's message, or a metric's name. */
export function lineName(line: OutputLine): string {
  return line.kind === 'log' ? line.message : line.name;
}
