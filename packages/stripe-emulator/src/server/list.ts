import type Stripe from 'stripe';
import { resourceMissing } from './errors.js';
import type { ParamReader } from './params.js';

/**
 * Stripe's cursor pagination over `items` (already filtered, newest first): reads `limit` (1-100, default 10),
 * `starting_after` and `ending_before` from `params`.
 */
export function paginate<T extends { id: string }>(
  items: readonly T[],
  params: ParamReader,
  url: string,
): Stripe.ApiList<T> {
  const limit = params.integer('limit', { min: 1, max: 100 }) ?? 10;
  const startingAfter = params.string('starting_after');
  const endingBefore = params.string('ending_before');
  if (startingAfter !== undefined) {
    const index = items.findIndex((item) => item.id === startingAfter);
    if (index === -1) throw resourceMissing('object', startingAfter, 'starting_after');
    const rest = items.slice(index + 1);
    return { object: 'list', data: rest.slice(0, limit), has_more: rest.length > limit, url };
  }
  if (endingBefore !== undefined) {
    const index = items.findIndex((item) => item.id === endingBefore);
    if (index === -1) throw resourceMissing('object', endingBefore, 'ending_before');
    const before = items.slice(0, index);
    const page = before.slice(Math.max(0, before.length - limit));
    return { object: 'list', data: page, has_more: before.length > limit, url };
  }
  return { object: 'list', data: items.slice(0, limit), has_more: items.length > limit, url };
}

/** The values of a Map, newest first. */
export function newestFirst<T>(map: ReadonlyMap<string, T>): T[] {
  return [...map.values()].reverse();
}
