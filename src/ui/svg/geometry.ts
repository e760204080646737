/** Boxes and the arrows between them: plain geometry, no drawing. */

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

export const cx = (b: Rect) => b.x + b.w / 2;
export const cy = (b: Rect) => b.y + b.h / 2;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The part two ranges share, or undefined when they share less than `min`. */
function overlap(a0: number, a1: number, b0: number, b1: number, min: number): [number, number] | undefined {
  const lo = Math.max(a0, b0);
  const hi = Math.min(a1, b1);
  return hi - lo >= min ? [lo, hi] : undefined;
}

/** Which way the elbow turns: out of the first box sideways then up or down into the second ('hv'), or the other way. */
export type Elbow = 'hv' | 'vh';

/**
 * The polyline of an arrow from box a to box b, starting on a's edge and ending on b's:
 * straight across when they face each other (side by side, or one above the other),
 * else one right-angle turn. `offset` moves it sideways, so that parallel arrows (one a
 * flow) do not lie on each other; `bend`, where it turns into b.
 */
export function connect(a: Rect, b: Rect, offset = 0, elbow: Elbow = 'hv', bend = offset): Point[] {
  const margin = Math.abs(offset) + 4;
  const ys = overlap(a.y, a.y + a.h, b.y, b.y + b.h, 2 * margin);
  const bRight = b.x >= a.x + a.w;
  const bBelow = b.y >= a.y + a.h;
  if (ys) {
    const y = clamp((ys[0] + ys[1]) / 2 + offset, ys[0] + 2, ys[1] - 2);
    return bRight ? [{ x: a.x + a.w, y }, { x: b.x, y }] : [{ x: a.x, y }, { x: b.x + b.w, y }];
  }
  const xs = overlap(a.x, a.x + a.w, b.x, b.x + b.w, 2 * margin);
  if (xs) {
    const x = clamp((xs[0] + xs[1]) / 2 + offset, xs[0] + 2, xs[1] - 2);
    return bBelow ? [{ x, y: a.y + a.h }, { x, y: b.y }] : [{ x, y: a.y }, { x, y: b.y + b.h }];
  }
  if (elbow === 'hv') {
    const y = clamp(cy(a) + offset, a.y + 2, a.y + a.h - 2);
    const x = clamp(cx(b) + bend, b.x + 2, b.x + b.w - 2);
    return [{ x: bRight ? a.x + a.w : a.x, y }, { x, y }, { x, y: bBelow ? b.y : b.y + b.h }];
  }
  const x = clamp(cx(a) + offset, a.x + 2, a.x + a.w - 2);
  const y = clamp(cy(b) + bend, b.y + 2, b.y + b.h - 2);
  return [{ x, y: bBelow ? a.y + a.h : a.y }, { x, y }, { x: bRight ? b.x : b.x + b.w, y }];
}

const inside = (p: Point, b: Rect) => p.x >= b.x - 0.01 && p.x <= b.x + b.w + 0.01 && p.y >= b.y - 0.01 && p.y <= b.y + b.h + 0.01;

/**
 * Where a polyline first crosses the edge of box b (goes in or out of it), or undefined.
 * The arrows are horizontal and vertical segments only, so one coordinate is fixed.
 */
export function crossing(points: Point[], b: Rect): Point | undefined {
  for (let i = 1; i < points.length; i++) {
    const [p, q] = [points[i - 1], points[i]];
    if (inside(p, b) === inside(q, b)) continue;
    if (p.y === q.y) {
      const x = inside(p, b) ? (q.x > p.x ? b.x + b.w : b.x) : q.x > p.x ? b.x : b.x + b.w;
      return { x, y: p.y };
    }
    const y = inside(p, b) ? (q.y > p.y ? b.y + b.h : b.y) : q.y > p.y ? b.y : b.y + b.h;
    return { x: p.x, y };
  }
  return undefined;
}

/** The point `distance` back from a polyline's end (along its last segment). */
export function nearEnd(points: Point[], distance: number): Point {
  const [p, q] = points.slice(-2);
  const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
  const t = Math.max(0, 1 - distance / len);
  return { x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t };
}

/** The middle of a polyline's longest segment: where its label goes. */
export function longestMiddle(points: Point[]): { at: Point; horizontal: boolean } {
  let best = 1;
  const len = (i: number) => Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
  for (let i = 2; i < points.length; i++) if (len(i) > len(best)) best = i;
  const [p, q] = [points[best - 1], points[best]];
  return { at: { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 }, horizontal: p.y === q.y };
}

/** Two boxes share some area (touching edges do not count). */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
