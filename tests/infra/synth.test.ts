import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = new URL('../../', import.meta.url).pathname;

// Inside the repository (cdk.out/ is ignored) so the bundles can resolve the
// @aws-sdk packages they leave to the Lambda runtime from our node_modules.
let outdir: string;
let template: { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };

describe('cdk synth, with real bundling', () => {
  beforeAll(async () => {
    mkdirSync(path.join(repoRoot, 'cdk.out'), { recursive: true });
    outdir = mkdtempSync(path.join(repoRoot, 'cdk.out', 'synth-test-'));
    const env = { ...process.env, CUGAR_STAGE: 'dev' };

    await run('npx', ['cdk', 'synth', '-c', 'stage=staging', '--quiet', '-o', outdir], {
      cwd: repoRoot,
      env,
    });

    const file = path.join(outdir, 'CugarSales-staging.template.json');
    template = JSON.parse(readFileSync(file, 'utf8'));
  }, 180_000);

  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('synthesizes the one stack of the stage given on the command line, not CUGAR_STAGE', () => {
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    const stacks = Object.entries(manifest.artifacts as Record<string, { type: string }>)
      .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
      .map(([name]) => name);

    expect(stacks).toEqual(['CugarSales-staging']);
  });

  it('bundles every function into an ESM file that loads and exports a handler', async () => {
    const bundles = Object.values(template.Resources)
      .filter((resource) => resource.Type === 'AWS::Lambda::Function')
      .map((fn) => path.join(outdir, `asset.${fn.Properties.Code.S3Key.replace(/\.zip$/, '')}`));
    const script = `for (const dir of ${JSON.stringify(bundles)}) {
      const m = await import(dir + '/index.mjs');
      console.log(typeof m.handler);
    }`;

    const { stdout } = await run('node', ['--input-type=module', '-e', script], { cwd: repoRoot });

    expect(bundles).toHaveLength(10);
    expect(stdout.trim().split('\n')).toEqual(Array(10).fill('function'));
    for (const dir of bundles) expect(existsSync(path.join(dir, 'index.mjs.map'))).toBe(true);
  }, 60_000);
});
