/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) that a self-time table needs. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTimeRow {
  /** `function (file:line)`; `(program)`, `(garbage collector)` and `(idle)` as V8 names them. */
  entry: string;
  selfMs: number;
  /** Share of the non-idle time. */
  percent: number;
}

/** Shortens a file URL to what identifies it: `node_modules/<pkg>/…` or the path under dist/. */
function shortUrl(url: string): string {
  if (!url) return '';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, '');
}

/**
 * Self time per function (summed over every node with the same name and location), largest
 * first. Time is attributed per sample from `timeDeltas`, as Chrome DevTools does.
 */
export function selfTimeTable(profile: CpuProfile, top: number): { rows: SelfTimeRow[]; busyMs: number; idleMs: number } {
  const labelOf = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = shortUrl(url);
    labelOf.set(node.id, where ? `${functionName || '(anonymous)'} (${where}:${lineNumber + 1})` : functionName || '(anonymous)');
  }
  const selfUs = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const label = labelOf.get(profile.samples[i]!) ?? '(unknown)';
    // The delta before sample i+1 is the time spent in sample i.
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(label, (selfUs.get(label) ?? 0) + Math.max(0, delta));
  }
  const idleUs = selfUs.get('(idle)') ?? 0;
  selfUs.delete('(idle)');
  const busyUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const rows = [...selfUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([entry, us]) => ({ entry, selfMs: Math.round(us / 1000), percent: busyUs ? Math.round((us / busyUs) * 1000) / 10 : 0 }));
  return { rows, busyMs: Math.round(busyUs / 1000), idleMs: Math.round(idleUs / 1000) };
}
