import type { EmulatorState } from '../state.js';
import { invalidParam } from './errors.js';

type IncludableResolver = (state: EmulatorState, owner: Record<string, unknown>) => unknown;

/**
 * Fields Stripe leaves out unless they are expanded ("includable"), per object type. They are computed from the
 * store when asked for.
 */
const INCLUDABLE_FIELDS: Record<string, Record<string, IncludableResolver>> = {
  invoice: {
    confirmation_secret: (state, owner) => state.invoiceConfirmationSecrets.get(String(owner.id)) ?? null,
  },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep copy of a stored object, so responses and event snapshots never alias the store. */
export function snapshot<T>(value: T): T {
  return structuredClone(value);
}

function cannotExpand(path: string): never {
  throw invalidParam('expand', `This property cannot be expanded (${path}).`);
}

function resolveValue(state: EmulatorState, value: unknown, rest: string[], path: string): unknown {
  if (value === null) return null;
  if (typeof value === 'string') {
    const found = state.findById(value);
    if (!found) cannotExpand(path);
    const copy = snapshot(found) as unknown as Record<string, unknown>;
    if (rest.length > 0) expandInto(state, copy, rest, path);
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => resolveValue(state, item, rest, path));
  if (isRecord(value)) {
    if (rest.length > 0) expandInto(state, value, rest, path);
    return value;
  }
  return cannotExpand(path);
}

function expandInto(
  state: EmulatorState,
  container: Record<string, unknown>,
  segments: string[],
  path: string,
) {
  const [key, ...rest] = segments;
  if (key === undefined) return;
  const includable = INCLUDABLE_FIELDS[String(container.object)]?.[key];
  if (includable) {
    container[key] = resolveValue(state, snapshot(includable(state, container)), rest, path);
    return;
  }
  if (!(key in container)) cannotExpand(path);
  // `data` of a list is walked, not expanded: `data.customer` expands each item's customer.
  if (key === 'data' && container.object === 'list') {
    const items = container[key];
    if (Array.isArray(items))
      for (const item of items) if (isRecord(item)) expandInto(state, item, rest, path);
    return;
  }
  container[key] = resolveValue(state, container[key], rest, path);
}

/**
 * Applies Stripe's `expand[]` paths (`latest_invoice.confirmation_secret`, `data.customer`) to a response object
 * in place. Ids become the objects they name; includable fields are filled in.
 */
export function applyExpand(state: EmulatorState, response: object, paths: readonly string[]): void {
  for (const path of paths) {
    const segments = path.split('.');
    if (segments.length > 4 || segments.some((segment) => segment === '')) {
      throw invalidParam('expand', `You cannot expand more than 4 levels of a property (${path}).`);
    }
    expandInto(state, response as Record<string, unknown>, segments, path);
  }
}
