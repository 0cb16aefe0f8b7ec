import { invalidParam, missingParam, unknownParam } from './errors.js';

/** A decoded form body or query string: nested objects, arrays and strings, as `qs` produces them. */
export type RawParams = Record<string, unknown>;

interface ReadOptions {
  required?: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads request parameters with Stripe's rules and remembers which ones were read, so that `finish()` can reject
 * anything the route does not understand: an unknown parameter is an error, never silently ignored.
 */
export class ParamReader {
  private readonly read = new Set<string>();
  private readonly children: ParamReader[] = [];

  constructor(
    private readonly raw: RawParams,
    private readonly prefix = '',
  ) {}

  /** The bracketed name of a parameter as Stripe reports it (`items[0][price]`). */
  name(key: string): string {
    return this.prefix === '' ? key : `${this.prefix}[${key}]`;
  }

  /** True when the caller sent the parameter at all (even empty). */
  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  /** True when the parameter was sent as a hash (`created[gte]=...`) rather than a single value. */
  isHash(key: string): boolean {
    return isRecord(this.raw[key]);
  }

  private take(key: string, options: ReadOptions): unknown {
    this.read.add(key);
    const value = this.raw[key];
    if (value === undefined && options.required) throw missingParam(this.name(key));
    return value;
  }

  /** A string parameter; `''` reads as `undefined` unless `allowEmpty`. */
  string(key: string, options: ReadOptions & { allowEmpty?: boolean } = {}): string | undefined {
    const value = this.take(key, options);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw invalidParam(this.name(key), `Invalid string: ${this.name(key)}`);
    if (value === '' && !options.allowEmpty) {
      if (options.required) throw missingParam(this.name(key));
      return undefined;
    }
    return value;
  }

  /** A string that must be one of `values`. */
  enumValue<T extends string>(key: string, values: readonly T[], options: ReadOptions = {}): T | undefined {
    const value = this.string(key, options);
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) {
      throw invalidParam(this.name(key), `Invalid ${this.name(key)}: must be one of ${values.join(', ')}`);
    }
    return value as T;
  }

  /** A non-negative integer parameter (form values arrive as strings). */
  integer(key: string, options: ReadOptions & { min?: number; max?: number } = {}): number | undefined {
    const value = this.string(key, options);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) throw invalidParam(this.name(key), `Invalid integer: ${value}`);
    const parsed = Number(value);
    const min = options.min ?? 0;
    if (parsed < min) {
      throw invalidParam(
        this.name(key),
        `Invalid ${this.name(key)}: must be greater than or equal to ${min}`,
      );
    }
    if (options.max !== undefined && parsed > options.max) {
      throw invalidParam(
        this.name(key),
        `Invalid ${this.name(key)}: must be less than or equal to ${options.max}`,
      );
    }
    return parsed;
  }

  /** A boolean parameter: `true` or `false`. */
  boolean(key: string, options: ReadOptions = {}): boolean | undefined {
    const value = this.string(key, options);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false')
      throw invalidParam(this.name(key), `Invalid boolean: ${value}`);
    return value === 'true';
  }

  /** An array of strings (`expand[]`, `enabled_events[]`). */
  stringArray(key: string, options: ReadOptions = {}): string[] | undefined {
    const value = this.take(key, options);
    if (value === undefined || value === '') return options.required ? [] : undefined;
    const list = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [value];
    return list.map((item, index) => {
      if (typeof item !== 'string')
        throw invalidParam(`${this.name(key)}[${index}]`, 'Invalid array of strings');
      return item;
    });
  }

  /** A nested hash (`recurring[interval]`); its own keys are checked by `finish()` too. */
  object(key: string, options: ReadOptions = {}): ParamReader | undefined {
    const value = this.take(key, options);
    if (value === undefined || value === '') return undefined;
    if (!isRecord(value)) throw invalidParam(this.name(key), `Invalid object: ${this.name(key)}`);
    const child = new ParamReader(value, this.name(key));
    this.children.push(child);
    return child;
  }

  /** An array of hashes (`items[0][price]`). qs gives an object for sparse indices: both are accepted. */
  objectArray(key: string, options: ReadOptions = {}): ParamReader[] | undefined {
    const value = this.take(key, options);
    if (value === undefined || value === '') {
      if (options.required) throw missingParam(this.name(key));
      return undefined;
    }
    const list = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : undefined;
    if (list === undefined) throw invalidParam(this.name(key), `Invalid array: ${this.name(key)}`);
    return list.map((item, index) => {
      if (!isRecord(item)) throw invalidParam(`${this.name(key)}[${index}]`, 'Invalid object');
      const child = new ParamReader(item, `${this.name(key)}[${index}]`);
      this.children.push(child);
      return child;
    });
  }

  /**
   * `metadata[key]=value` pairs. An empty value deletes the key on update (`null` in the result), as in Stripe;
   * `metadata=` (empty) clears every key.
   */
  metadata(key = 'metadata'): Record<string, string | null> | 'clear' | undefined {
    const value = this.take(key, {});
    if (value === undefined) return undefined;
    if (value === '') return 'clear';
    if (!isRecord(value)) throw invalidParam(this.name(key), `Invalid object: ${this.name(key)}`);
    const result: Record<string, string | null> = {};
    for (const [entryKey, entryValue] of Object.entries(value)) {
      if (typeof entryValue !== 'string') {
        throw invalidParam(`${this.name(key)}[${entryKey}]`, 'Metadata values must be strings.');
      }
      result[entryKey] = entryValue === '' ? null : entryValue;
    }
    return result;
  }

  /** Throws `Received unknown parameter` for the first key (here or nested) that no reader asked for. */
  finish(): void {
    for (const key of Object.keys(this.raw)) {
      if (!this.read.has(key)) throw unknownParam(this.name(key));
    }
    for (const child of this.children) child.finish();
  }
}

/** Applies a `metadata` update to existing metadata, as Stripe merges it. */
export function mergeMetadata(
  current: Record<string, string>,
  update: Record<string, string | null> | 'clear' | undefined,
): Record<string, string> {
  if (update === undefined) return current;
  if (update === 'clear') return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}
