/**
 * Figures both catalogs say the same way: a price is rounded here once, so that one figure
 * reads the same on every screen and in every language (issue 29: the plan's total was
 * "$0.101" beside "$0.1013" for the same sum). The catalogs only put the unit around it.
 */

/** An hourly price: always 4 places ("0.1013"), as AWS's price pages give them. */
export const hourlyFigure = (usd: number) => usd.toFixed(4);

/** A monthly price or a sum already spent: 2 places ("73.95"). */
export const centsFigure = (usd: number) => usd.toFixed(2);

/**
 * How a resource goes away, as the console words it: an instance is terminated, an Elastic
 * IP address released, an association removed; everything else is deleted. Read off the
 * ID's prefix (AWS's own), which the plan and the progress lines both have.
 */
export type Removal = 'terminate' | 'release' | 'disassociate' | 'delete';

export function removalOf(id: string | undefined): Removal {
  if (!id) return 'delete';
  if (/^i-/.test(id)) return 'terminate';
  if (/^eipalloc-/.test(id)) return 'release';
  if (/^(rtbassoc|eipassoc)-/.test(id)) return 'disassociate';
  return 'delete';
}
