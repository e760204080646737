import { r } from './text.js';

/**
 * The picture's icons: simple shapes of the tool's own (not AWS's icon files), in the
 * colours AWS gives each category, so that a reader of AWS diagrams knows them at a glance.
 */
export const COLOUR = {
  compute: '#ED7100',
  networking: '#8C4FFF',
  general: '#232F3E',
  region: '#00A4A6',
  zone: '#00A4A6',
  publicSubnet: '#7AA116',
  privateSubnet: '#147EBA',
  otherSubnet: '#7D8998',
  mark: '#D13212',
  arrow: '#545B64',
} as const;

const square = (x: number, y: number, s: number, fill: string) => `<rect x="${r(x)}" y="${r(y)}" width="${r(s)}" height="${r(s)}" rx="${r(s / 8)}" fill="${fill}"/>`;
const white = (d: string, w = 1.6) => `<path d="${d}" fill="none" stroke="#fff" stroke-width="${w}" stroke-linecap="round" stroke-linejoin="round"/>`;

/** Coordinates of a path in a 24×24 grid, placed at (x, y) and scaled to s. */
function grid(x: number, y: number, s: number, d: string): string {
  const k = s / 24;
  return d.replace(/(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/g, (_, a: string, b: string) => `${r(x + Number(a) * k)},${r(y + Number(b) * k)}`);
}

/** An EC2 instance: a chip. */
export function instanceIcon(x: number, y: number, s: number): string {
  const pins = [8, 12, 16].map((p) => `M${p},3 L${p},6 M${p},18 L${p},21 M3,${p} L6,${p} M18,${p} L21,${p}`).join(' ');
  return `<g class="icon">${square(x, y, s, COLOUR.compute)}${white(grid(x, y, s, `M6,6 L18,6 L18,18 L6,18 Z ${pins}`))}</g>`;
}

/** An internet gateway: a door with traffic both ways. */
export function gatewayIcon(x: number, y: number, s: number): string {
  return `<g class="icon">${square(x, y, s, COLOUR.networking)}${white(grid(x, y, s, 'M8,5 L16,5 L16,19 L8,19 Z M2,10 L7,10 M5,8 L7,10 L5,12 M22,14 L17,14 M19,12 L17,14 L19,16'))}</g>`;
}

/** A NAT: two ways in, one way out. */
export function natIcon(x: number, y: number, s: number): string {
  return `<g class="icon">${square(x, y, s, COLOUR.networking)}${white(grid(x, y, s, 'M4,6 L12,12 L4,18 M12,12 L20,12 M17,9 L20,12 L17,15'))}</g>`;
}

/** An Elastic IP: a small tag. */
export function addressIcon(x: number, y: number, s: number): string {
  return `<g class="icon"><circle cx="${r(x + s / 2)}" cy="${r(y + s / 2)}" r="${r(s / 2)}" fill="${COLOUR.networking}"/>${white(grid(x, y, s, 'M7,12 L17,12 M12,7 L12,17'), 1.4)}</g>`;
}

/** The internet: a globe. */
export function internetIcon(x: number, y: number, s: number): string {
  const k = s / 24;
  return `<g class="icon">${square(x, y, s, COLOUR.general)}<circle cx="${r(x + 12 * k)}" cy="${r(y + 12 * k)}" r="${r(7 * k)}" fill="none" stroke="#fff" stroke-width="1.6"/><ellipse cx="${r(x + 12 * k)}" cy="${r(y + 12 * k)}" rx="${r(3 * k)}" ry="${r(7 * k)}" fill="none" stroke="#fff" stroke-width="1.2"/>${white(grid(x, y, s, 'M5,12 L19,12'), 1.2)}</g>`;
}

/** The corner icon of a group (AWS draws one at each group's top left). */
export function groupIcon(kind: 'cloud' | 'region' | 'vpc' | 'public' | 'private' | 'other', x: number, y: number, s: number, fill: string): string {
  const shapes: Record<typeof kind, string> = {
    cloud: 'M6,17 L18,17 C21,17 21,12 18,12 C18,8 13,7 11,10 C9,8 6,10 7,12 C4,12 4,17 6,17 Z',
    region: 'M7,20 L7,4 M7,5 L17,5 L15,8.5 L17,12 L7,12',
    vpc: 'M6,17 L18,17 C21,17 21,12 18,12 C18,8 13,7 11,10 C9,8 6,10 7,12 C4,12 4,17 6,17 Z M10,14 L14,14',
    public: 'M7,11 L17,11 L17,19 L7,19 Z M9,11 L9,8 C9,4 15,4 15,7',
    private: 'M7,11 L17,11 L17,19 L7,19 Z M9,11 L9,8 C9,4 15,4 15,8 L15,11',
    other: 'M6,6 L18,6 L18,18 L6,18 Z',
  };
  return `<g class="icon">${square(x, y, s, fill)}${white(grid(x, y, s, shapes[kind]), 1.4)}</g>`;
}
