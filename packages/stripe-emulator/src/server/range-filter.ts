import { invalidParam } from './errors.js';
import type { ParamReader } from './params.js';

/**
 * Reads a Stripe range filter such as `created`: either an exact unix timestamp (`created=1700000000`) or a hash
 * of bounds (`created[gte]=...&created[lt]=...`). Returns a predicate, or undefined when the filter is absent.
 */
export function readRangeFilter(params: ParamReader, key: string): ((value: number) => boolean) | undefined {
  if (!params.isHash(key)) {
    const exact = params.integer(key);
    return exact === undefined ? undefined : (value) => value === exact;
  }
  const bounds = params.object(key) as ParamReader;
  const gt = bounds.integer('gt');
  const gte = bounds.integer('gte');
  const lt = bounds.integer('lt');
  const lte = bounds.integer('lte');
  // An unknown bound (`created[after]`) is named as such before the "no bound" message.
  bounds.finish();
  if (gt === undefined && gte === undefined && lt === undefined && lte === undefined) {
    throw invalidParam(key, `Invalid ${key}: give an integer or at least one of gt, gte, lt, lte.`);
  }
  return (value) =>
    (gt === undefined || value > gt) &&
    (gte === undefined || value >= gte) &&
    (lt === undefined || value < lt) &&
    (lte === undefined || value <= lte);
}
