/**
 * What is wrong with a picture (ui/svg) as a browser draws it, measured in the page: shared by
 * the picture's own test (picture-browser.test.ts) and the class report's, whose page holds a
 * picture per learner (`root` picks one).
 */
import type { Page } from 'playwright-core';

/** What is wrong with the drawn picture `root` (a selector), as sentences naming the elements (none: all is well). */
export async function faults(page: Page, root = 'svg'): Promise<string[]> {
  return page.evaluate((root) => {
    const svg = document.querySelector(root) as SVGSVGElement;
    const out: string[] = [];
    const TOL = 0.75;
    type R = { x: number; y: number; w: number; h: number };
    const rectOf = (g: Element): R => {
      const b = (g.querySelector(':scope > rect') as SVGGraphicsElement).getBBox();
      return { x: b.x, y: b.y, w: b.width, h: b.height };
    };
    const bbox = (e: Element): R => {
      const b = (e as SVGGraphicsElement).getBBox();
      return { x: b.x, y: b.y, w: b.width, h: b.height };
    };
    const overlap = (a: R, b: R) => a.x < b.x + b.w - TOL && b.x < a.x + a.w - TOL && a.y < b.y + b.h - TOL && b.y < a.y + a.h - TOL;
    const inside = (a: R, b: R) => a.x >= b.x - TOL && a.y >= b.y - TOL && a.x + a.w <= b.x + b.w + TOL && a.y + a.h <= b.y + b.h + TOL;
    const name = (g: Element) => `${g.getAttribute('data-kind')} ${g.getAttribute('data-id')}`;
    const boxes = [...svg.querySelectorAll('g.box')];
    const childBoxes = (g: Element) => [...g.querySelectorAll(':scope > g.box')];
    for (const parent of [svg, ...boxes]) {
      const kids = childBoxes(parent);
      for (let i = 0; i < kids.length; i++) {
        for (let j = i + 1; j < kids.length; j++) {
          const [a, b] = [kids[i], kids[j]];
          const straddles = a.getAttribute('data-on') === b.getAttribute('data-id') || b.getAttribute('data-on') === a.getAttribute('data-id');
          if (!straddles && overlap(rectOf(a), rectOf(b))) out.push(`${name(a)} overlaps ${name(b)}`);
        }
        if (parent !== svg && !inside(rectOf(kids[i]), rectOf(parent))) out.push(`${name(kids[i])} sticks out of ${name(parent)}`);
      }
    }
    for (const g of boxes) {
      const box = rectOf(g);
      for (const t of g.querySelectorAll(':scope > text.label')) {
        const b = bbox(t);
        if (b.w < 1) out.push(`an empty label in ${name(g)}`);
        if (!inside(b, box)) out.push(`"${t.textContent}" (${Math.round(b.x + b.w)}) runs out of ${name(g)} (${Math.round(box.x + box.w)})`);
        for (const k of childBoxes(g)) if (overlap(b, rectOf(k))) out.push(`"${t.textContent}" lies on ${name(k)}`);
      }
    }
    const byId = new Map(boxes.map((g) => [g.getAttribute('data-id'), g]));
    const onEdge = (p: DOMPoint, r: R) => {
      const within = p.x >= r.x - TOL && p.x <= r.x + r.w + TOL && p.y >= r.y - TOL && p.y <= r.y + r.h + TOL;
      const edge = Math.min(Math.abs(p.x - r.x), Math.abs(p.x - r.x - r.w), Math.abs(p.y - r.y), Math.abs(p.y - r.y - r.h));
      return within && edge <= TOL;
    };
    for (const s of svg.querySelectorAll('path.segment')) {
      const path = s as SVGPathElement;
      const [from, to] = [byId.get(s.getAttribute('data-from')), byId.get(s.getAttribute('data-to'))];
      const flow = s.closest('g.arrow')!.getAttribute('data-flow');
      if (!from || !to) {
        out.push(`${flow}: a piece joins a box not drawn`);
        continue;
      }
      const [start, end] = [path.getPointAtLength(0), path.getPointAtLength(path.getTotalLength())];
      if (!onEdge(start, rectOf(from))) out.push(`${flow} starts at ${Math.round(start.x)},${Math.round(start.y)}, off the edge of ${name(from)}`);
      if (!onEdge(end, rectOf(to))) out.push(`${flow} ends at ${Math.round(end.x)},${Math.round(end.y)}, off the edge of ${name(to)}`);
    }
    const labels = [...svg.querySelectorAll('text.arrow-label')];
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) if (overlap(bbox(labels[i]), bbox(labels[j]))) out.push(`arrow labels "${labels[i].textContent}" and "${labels[j].textContent}" overlap`);
    // No arrow crosses a group's title (the AWS Cloud, the Region, the VPC, a zone, a subnet): every title stays readable.
    const groups = boxes.filter((g) => ['cloud', 'region', 'vpc', 'zone', 'subnet'].includes(g.getAttribute('data-kind') ?? ''));
    const titles = groups.flatMap((g) => [...g.querySelectorAll(':scope > text.label')].map((t) => ({ g, t, r: bbox(t) })));
    for (const s of svg.querySelectorAll('path.segment')) {
      const path = s as SVGPathElement;
      const flow = s.closest('g.arrow')!.getAttribute('data-flow');
      for (const { g, t, r } of titles) {
        for (let d = 0; d <= path.getTotalLength(); d += 1) {
          const p = path.getPointAtLength(d);
          if (p.x > r.x + TOL && p.x < r.x + r.w - TOL && p.y > r.y + TOL && p.y < r.y + r.h - TOL) {
            out.push(`${flow} crosses the title "${t.textContent}" of ${name(g)}`);
            break;
          }
        }
      }
    }
    // Nothing is drawn past the picture's own edges.
    const all = bbox(svg.querySelector('g.box[data-kind="cloud"]')!);
    if (all.x + all.w > svg.viewBox.baseVal.width + TOL) out.push('the cloud runs past the picture');
    return out;
  }, root);
}

