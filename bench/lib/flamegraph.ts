/**
 * Renders a V8 .cpuprofile (node --cpu-prof) as a static flame graph SVG: the call tree merged by
 * function and file, each box as wide as its total sampled time, callers below their callees.
 * Idle time is left out, so the full width is the time the process was busy.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; hitCount?: number; children?: number[] }
export interface CpuProfile { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[]; startTime: number; endTime: number }

interface Frame { name: string; self: number; total: number; children: Map<string, Frame> }

const WIDTH = 1200;
const ROW = 16;
const MIN_WIDTH = 0.3;

/** Sampled microseconds per node: each sample is charged the time until the next one. */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const times = new Map<number, number>();
  const { samples = [], timeDeltas = [] } = profile;
  for (let i = 0; i < samples.length; i += 1) {
    const next = timeDeltas[i + 1] ?? 0;
    times.set(samples[i]!, (times.get(samples[i]!) ?? 0) + Math.max(0, next));
  }
  return times;
}

/** A readable, machine-independent label: the function and its file relative to the project or node_modules. */
function label(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const file = frame.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(/^.*?\/((server|client|shared|bench)\/)/, '$1');
  return `${name} ${file}:${frame.lineNumber + 1}`;
}

export function callTree(profile: CpuProfile): Frame {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = selfTimes(profile);
  const root: Frame = { name: 'all', self: 0, total: 0, children: new Map() };
  const walk = (node: ProfileNode, into: Frame): number => {
    const key = label(node.callFrame);
    if (key === '(idle)') return 0;
    const frame = into.children.get(key) ?? { name: key, self: 0, total: 0, children: new Map() };
    into.children.set(key, frame);
    const own = self.get(node.id) ?? 0;
    let total = own;
    for (const child of node.children ?? []) total += walk(byId.get(child)!, frame);
    frame.self += own;
    frame.total += total;
    return total;
  };
  const top = profile.nodes[0]!;
  for (const child of top.children ?? []) root.total += walk(byId.get(child)!, root);
  return root;
}

function depth(frame: Frame): number {
  let deepest = 0;
  for (const child of frame.children.values()) deepest = Math.max(deepest, depth(child));
  return deepest + 1;
}

function colour(name: string): string {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  const wiggle = Math.abs(hash) % 40;
  if (/^\(garbage collector\)|^\(program\)/.test(name)) return `rgb(160,160,${170 + (wiggle % 30)})`;
  if (/ node:/.test(name)) return `rgb(${200 + (wiggle % 50)},${170 + wiggle},90)`;
  if (/ (server|client|shared)\//.test(name)) return `rgb(230,${90 + wiggle * 2},60)`;
  return `rgb(${190 + (wiggle % 60)},${120 + wiggle},110)`;
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderFlameGraph(profile: CpuProfile, title: string): string {
  const root = callTree(profile);
  const rows = depth(root);
  const height = (rows + 3) * ROW;
  const scale = root.total > 0 ? WIDTH / root.total : 0;
  const boxes: string[] = [];
  const draw = (frame: Frame, x: number, level: number): void => {
    const width = frame.total * scale;
    if (width < MIN_WIDTH) return;
    const y = height - (level + 2) * ROW;
    const share = root.total > 0 ? ((100 * frame.total) / root.total).toFixed(1) : '0';
    const text = width > 30 ? escape(frame.name.slice(0, Math.floor(width / 6.5))) : '';
    boxes.push(`<g><title>${escape(frame.name)} — ${share} % total, ${(frame.self / 1000).toFixed(1)} ms self</title>`
      + `<rect x="${x.toFixed(2)}" y="${y}" width="${width.toFixed(2)}" height="${ROW - 1}" fill="${colour(frame.name)}"/>`
      + (text ? `<text x="${(x + 3).toFixed(2)}" y="${y + ROW - 4}">${text}</text>` : '') + '</g>');
    let childX = x;
    for (const child of [...frame.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      draw(child, childX, level + 1);
      childX += child.total * scale;
    }
  };
  draw(root, 0, 0);
  const busy = (root.total / 1e6).toFixed(2);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="monospace" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fdfdf8"/>`,
    `<text x="6" y="${ROW}" font-size="13">${escape(title)} — ${busy} s busy (idle left out); hover a box for its share</text>`,
    ...boxes,
    '</svg>',
    '',
  ].join('\n');
}

/** Renders every .cpuprofile in `dir` to an .svg beside it; returns the files written. */
export function renderFolder(dir: string, title: string): string[] {
  const written: string[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.cpuprofile'))) {
    const out = join(dir, name.replace(/\.cpuprofile$/, '.svg'));
    writeFileSync(out, renderFlameGraph(JSON.parse(readFileSync(join(dir, name), 'utf8')) as CpuProfile, title));
    written.push(out);
  }
  return written;
}
