import { readFileSync } from 'node:fs';

/**
 * The top frames of a V8 .cpuprofile (as `npm run bench -- --cpu-prof DIR`
 * writes them), by self time, and the self time per package or source
 * folder: `npx tsx infra/bench/profile-top.ts FILE [N]`.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<package>, or the repository folder two levels deep. */
function owner(url: string): string {
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1] as string;
  if (url.startsWith('node:') || !url.includes('/')) return url || '(native)';
  const inRepo = /\/work\/[^/]+\/(.*)$/.exec(url)?.[1] ?? url;
  return inRepo.split('/').slice(0, 2).join('/');
}

export function topFrames(profile: Profile, count: number) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const frames = new Map<string, number>();
  const owners = new Map<string, number>();
  for (const [id, micros] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const name = frame.functionName || '(anonymous)';
    const key = `${name} ${owner(frame.url)}:${frame.lineNumber + 1}`;
    frames.set(key, (frames.get(key) ?? 0) + micros);
    owners.set(owner(frame.url), (owners.get(owner(frame.url)) ?? 0) + micros);
  }
  const ranked = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, micros]) => `${((micros / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
  return { totalMs: total / 1000, frames: ranked(frames), owners: ranked(owners) };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const [file, n] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: npx tsx infra/bench/profile-top.ts FILE.cpuprofile [N]\n');
    process.exit(2);
  }
  const top = topFrames(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(n ?? 25));
  process.stdout.write(`${top.totalMs.toFixed(0)} ms sampled\n\nself time by package or folder:\n`);
  process.stdout.write(`${top.owners.join('\n')}\n\ntop frames by self time:\n`);
  process.stdout.write(`${top.frames.join('\n')}\n`);
}
