/** Bad input to a control route or `emulator.control` method: a 400 with a message that says what to send. */
export class ControlInputError extends Error {
  readonly param: string | undefined;

  constructor(message: string, param?: string) {
    super(message);
    this.name = 'ControlInputError';
    this.param = param;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a control request's options object, rejecting anything that is not an object and any key not in
 * `allowed` (unknown options are never silently ignored).
 */
export function readOptions(input: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (!isRecord(input)) {
    throw new ControlInputError(
      `Expected a JSON object of options (${allowed.join(', ') || 'none'}), got ${Array.isArray(input) ? 'an array' : typeof input}.`,
    );
  }
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) {
      throw new ControlInputError(
        allowed.length === 0
          ? `Unknown option "${key}": this control route takes no options.`
          : `Unknown option "${key}". Allowed: ${allowed.join(', ')}.`,
        key,
      );
    }
  }
  return input;
}

/** An integer option within [min, max]; `fallback` when absent (required when no fallback). */
export function integerOption(
  options: Record<string, unknown>,
  name: string,
  range: { min: number; max: number; fallback?: number },
): number {
  const value = options[name];
  if (value === undefined) {
    if (range.fallback !== undefined) return range.fallback;
    throw new ControlInputError(
      `Missing option "${name}": an integer from ${range.min} to ${range.max}.`,
      name,
    );
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw new ControlInputError(
      `Option "${name}" must be an integer from ${range.min} to ${range.max}, got ${JSON.stringify(value)}.`,
      name,
    );
  }
  return value;
}

/** An optional number within [min, max]. */
export function numberOption(
  options: Record<string, unknown>,
  name: string,
  range: { min: number; max: number },
): number | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || value > range.max) {
    throw new ControlInputError(
      `Option "${name}" must be a number from ${range.min} to ${range.max}, got ${JSON.stringify(value)}.`,
      name,
    );
  }
  return value;
}

/** An optional non-empty string, optionally one of `values`. */
export function stringOption(
  options: Record<string, unknown>,
  name: string,
  values?: readonly string[],
): string | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new ControlInputError(
      `Option "${name}" must be a non-empty string, got ${JSON.stringify(value)}.`,
      name,
    );
  }
  if (values !== undefined && !values.includes(value)) {
    throw new ControlInputError(
      `Option "${name}" must be one of ${values.join(', ')}, got "${value}".`,
      name,
    );
  }
  return value;
}

/** An optional boolean. */
export function booleanOption(options: Record<string, unknown>, name: string): boolean | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    throw new ControlInputError(
      `Option "${name}" must be true or false, got ${JSON.stringify(value)}.`,
      name,
    );
  }
  return value;
}
