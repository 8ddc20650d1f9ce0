// Puts a run's layer statistics on the drawn diagram in place: the statistics line of each layer's
// box, a cue class (warn / error) on the node, and the numbers in its tooltip. Nothing moves: the
// boxes were sized for the line when the diagram was drawn (render.ts, statsLine).
import type { LayerStatsWire } from '../../src/protocol/runs';
import { statCue, statsLine, statsTitle } from './stats-text';

export interface ShownRun {
  readonly runId: string;
  readonly live: boolean;
  readonly stats: LayerStatsWire;
}

/** Updates every node of `svg`; returns how many nodes show statistics (a "+" only in its tooltip and cue). */
export function applyStats(svg: SVGSVGElement, run: ShownRun | null): number {
  const byLayer = new Map((run?.stats.layers ?? []).map((l) => [l.layer, l]));
  svg.classList.toggle('stats-ended', !!run && !run.live);
  let shown = 0;
  for (const node of svg.querySelectorAll<SVGGElement>('g.diagram-node[data-layer]')) {
    const s = byLayer.get(Number(node.dataset.layer));
    const cue = s ? statCue(s) : null;
    node.classList.toggle('stat-warn', cue?.level === 'warn');
    node.classList.toggle('stat-error', cue?.level === 'error');
    if (s) shown++;
    const line = node.querySelector('.diagram-stats');
    if (line) line.textContent = s ? statsLine(s) : '';
    const title = node.querySelector('title');
    if (title) title.textContent = [title.dataset.base ?? '', ...(s && run ? [statsTitle(s, run.stats.samples)] : [])].join('\n');
  }
  return shown;
}
