/** Joins class names, skipping empty ones, so a consumer's `className` adds to the kit's classes. */
export function joinClassNames(...names: Array<string | undefined | false>): string {
  return names.filter(Boolean).join(' ');
}
