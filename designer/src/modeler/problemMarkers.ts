// Validation problems on the diagram: a red or amber outline (canvas marker) and a
// numbered badge (overlay) on every element a problem names. Problems about the whole
// process only appear in the list.
import type { Problem } from '../../../engine/index.js';

interface Canvas {
  addMarker(id: string, cls: string): void;
  removeMarker(id: string, cls: string): void;
  getRootElement(): { id: string };
}
interface Overlays {
  add(id: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}
interface ElementRegistry {
  get(id: string): { id: string; waypoints?: unknown } | undefined;
}
export interface DiagramServices {
  get(name: 'canvas'): unknown;
  get(name: 'overlays'): unknown;
  get(name: 'elementRegistry'): unknown;
}

const MARKERS = ['mc-has-error', 'mc-has-warning'];
const marked = new WeakMap<object, Set<string>>();

export function showProblems(modeler: DiagramServices, problems: Problem[], describe: (p: Problem) => string): void {
  const canvas = modeler.get('canvas') as Canvas;
  const overlays = modeler.get('overlays') as Overlays;
  const registry = modeler.get('elementRegistry') as ElementRegistry;
  const previous = marked.get(modeler) ?? new Set<string>();
  for (const id of previous) {
    if (registry.get(id)) for (const cls of MARKERS) canvas.removeMarker(id, cls);
  }
  overlays.remove({ type: 'mc-problem' });

  const rootId = canvas.getRootElement().id;
  const byElement = new Map<string, Problem[]>();
  for (const problem of problems) {
    if (!problem.elementId || problem.elementId === rootId || !registry.get(problem.elementId)) continue;
    const list = byElement.get(problem.elementId) ?? [];
    list.push(problem);
    byElement.set(problem.elementId, list);
  }
  const now = new Set<string>();
  for (const [id, list] of byElement) {
    const severity = list.some((p) => p.severity === 'error') ? 'error' : 'warning';
    canvas.addMarker(id, `mc-has-${severity}`);
    now.add(id);
    const badge = document.createElement('div');
    badge.className = `mc-problem-badge mc-problem-${severity}`;
    badge.textContent = String(list.length);
    badge.title = list.map(describe).join('\n');
    badge.dataset.elementId = id;
    const isConnection = !!registry.get(id)?.waypoints;
    overlays.add(id, 'mc-problem', { position: isConnection ? { top: -12, left: -12 } : { top: -10, right: 8 }, html: badge });
  }
  marked.set(modeler, now);
}
