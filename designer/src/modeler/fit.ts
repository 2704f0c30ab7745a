// Fit a diagram into its canvas with room around it (the palette sits on the left of the
// modeler), never enlarging beyond 100 %: a three-step procedure should not fill the
// screen with giant boxes.
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface FittableCanvas {
  zoom(level: string, center?: string): number;
  viewbox(): Box & { inner: Box; outer: Box };
  viewbox(box: Box): void;
}

/**
 * `align: 'start'` keeps a small diagram at the top left (the modeler: room to draw on
 * the right); `center` centres it (read-only views).
 */
export function fitDiagram(
  canvas: FittableCanvas,
  margin: { left?: number; right?: number; top?: number; bottom?: number } = {},
  { maxScale = 1, minScale = 0, align = 'center' }: { maxScale?: number; minScale?: number; align?: 'center' | 'start' } = {},
): void {
  const { left = 24, right = 24, top = 24, bottom = 24 } = margin;
  canvas.zoom('fit-viewport', 'auto');
  const { inner, outer } = canvas.viewbox();
  if (!inner.width || !inner.height || !outer.width || !outer.height) return;
  const room = { width: Math.max(outer.width - left - right, 50), height: Math.max(outer.height - top - bottom, 50) };
  const fit = Math.min(maxScale, room.width / inner.width, room.height / inner.height);
  // Below `minScale` labels are unreadable: keep them legible and show the start of the
  // process (top left); the rest is a scroll or a zoom away.
  const scale = Math.max(fit, minScale);
  if (scale > fit) align = 'start';
  const slack = align === 'center' ? 0.5 : 0;
  canvas.viewbox({
    x: inner.x - left / scale - Math.max(0, room.width / scale - inner.width) * slack,
    y: inner.y - top / scale - Math.max(0, room.height / scale - inner.height) * (align === 'center' ? 0.5 : 0.25),
    width: outer.width / scale,
    height: outer.height / scale,
  });
}
