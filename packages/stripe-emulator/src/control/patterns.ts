/**
 * Compiles a glob where `*` matches any run of characters (`/v1/subscriptions*`, `invoice.*`) into an anchored
 * regular expression; every other character is literal.
 */
export function globPattern(glob: string): RegExp {
  const source = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`);
}
