import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { functionSpecs } from '../stack/functions.js';

/**
 * Each Lambda's bundle as CDK's NodejsFunction builds it (the settings of
 * infra/stack/sales-function.ts), its minified size, and how long a fresh
 * Node process takes to import it: the module initialisation a cold start
 * pays before the first invocation.
 */

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** Inside the repository, so the bundles' external `@aws-sdk/*` resolve to node_modules. */
const outRoot = join(repoRoot, 'infra/bench/.bundles');

/** The same banner as sales-function.ts: a `require` for bundled CommonJS. */
const requireShim =
  "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);";

export interface BundleFigures {
  name: string;
  entry: string;
  memoryMb: number;
  bytes: number;
  /** Median wall time of the import over the fresh processes. */
  initMs: number;
  initSamplesMs: number[];
  /** Median CPU time of the same imports: what a busy machine inflates least. */
  initCpuMs: number;
}

/** The memory each function is configured with, by local name. */
export function memoryByFunction(): Record<string, number> {
  return Object.fromEntries(
    Object.values(functionSpecs).map((spec) => [spec.name, spec.memorySize ?? 256]),
  );
}

async function bundle(entry: string, outfile: string, bundleSdk: boolean): Promise<number> {
  await build({
    entryPoints: [join(repoRoot, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    banner: { js: requireShim },
    minify: true,
    sourcemap: true,
    external: bundleSdk ? [] : ['@aws-sdk/*'],
    logLevel: 'warning',
  });
  return statSync(outfile).size;
}

/** Imports the bundle in a fresh process: the import's wall and CPU time, in ms. */
function importTime(file: string): { wall: number; cpu: number } {
  const script = [
    'const c = process.cpuUsage();',
    'const t = performance.now();',
    `await import(${JSON.stringify(file)});`,
    'const d = process.cpuUsage(c);',
    'const cpu = (d.user + d.system) / 1000;',
    'process.stdout.write(JSON.stringify({ wall: performance.now() - t, cpu }));',
  ].join('\n');
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: 'bench',
      POWERTOOLS_SERVICE_NAME: 'cugar-sales',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    encoding: 'utf8',
  });
  return JSON.parse(out) as { wall: number; cpu: number };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * Bundles and times every function. `bundleSdk` bundles the AWS SDK too,
 * unlike the CDK settings, to show what that would trade: size for init.
 */
export async function measureBundles(samples = 5, bundleSdk = false): Promise<BundleFigures[]> {
  rmSync(outRoot, { recursive: true, force: true });
  const figures: BundleFigures[] = [];
  for (const spec of Object.values(functionSpecs)) {
    const dir = join(outRoot, spec.name);
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, 'index.mjs');
    const bytes = await bundle(spec.entry, outfile, bundleSdk);
    const timings = Array.from({ length: samples }, () => importTime(outfile));
    const initSamplesMs = timings.map((t) => t.wall);
    figures.push({
      name: spec.name,
      entry: spec.entry,
      memoryMb: spec.memorySize ?? 256,
      bytes,
      initMs: median(initSamplesMs),
      initSamplesMs,
      initCpuMs: median(timings.map((t) => t.cpu)),
    });
  }
  return figures;
}
