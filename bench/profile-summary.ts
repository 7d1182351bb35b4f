/**
 * `node dist/bench/profile-summary.js <file.cpuprofile> [rows]`: where the time went, by self time per function
 * and by total time per package, so a slow benchmark points at its cause without opening DevTools.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const [file, rowsText] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const rows = Number(rowsText ?? 30);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

function packageOf(url: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.includes('/dist/src/')) return 'kizuna';
  if (url.startsWith('node:')) return 'node';
  return url ? 'other' : '(native, gc, idle)';
}

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const sample of profile.samples) {
  const leaf = byId.get(sample)!;
  if (leaf.callFrame.functionName === '(idle)') continue;
  const name = `${leaf.callFrame.functionName || '(anonymous)'} ${leaf.callFrame.url.replace(/^.*node_modules\//, '')}:${leaf.callFrame.lineNumber}`;
  self.set(name, (self.get(name) ?? 0) + 1);
  const seen = new Set<string>();
  for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
    const pkg = packageOf(byId.get(id)!.callFrame.url);
    if (!seen.has(pkg)) inclusive.set(pkg, (inclusive.get(pkg) ?? 0) + 1);
    seen.add(pkg);
  }
}
// Idle samples say nothing about where the time went.
const total = profile.samples.filter((id) => byId.get(id)!.callFrame.functionName !== '(idle)').length;
const show = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [name, count] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${((count / total) * 100).toFixed(1).padStart(5)} %  ${name}`);
};
show('self time by function', self);
show('time inside each package (inclusive)', inclusive);
