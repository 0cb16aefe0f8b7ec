import { ControlInputError } from './control-input.js';
import type { EmulatorControl } from './emulator-control.js';

/** The prefix of every control route: off `/v1`, so no Stripe call can collide with one. */
export const CONTROL_PREFIX = '/_emulator';

type ControlHandler = (control: EmulatorControl, input: unknown) => unknown;

/** `METHOD path` -> handler. The body (JSON) is the options object of the matching `EmulatorControl` method. */
const CONTROL_ROUTES: Record<string, ControlHandler> = {
  'POST /_emulator/reset': async (control, input) => {
    noOptions(input);
    await control.reset();
    return { reset: true };
  },
  'GET /_emulator/clock': (control) => control.clock(),
  'POST /_emulator/clock/advance': (control, input) => control.advanceClock(input as { seconds: number }),
  'POST /_emulator/seed': (control, input) => control.setSeed(input as { seed: number }),
  'GET /_emulator/faults': (control) => control.faults(),
  'POST /_emulator/faults/clear': (control, input) => {
    noOptions(input);
    return control.clearFaults();
  },
  'POST /_emulator/faults/requests/fail': (control, input) => control.failNextRequests(input as never),
  'POST /_emulator/faults/requests/delay': (control, input) => control.delayNextRequests(input as never),
  'POST /_emulator/faults/webhooks/drop': (control, input) => control.dropNextDeliveries(input as never),
  'POST /_emulator/faults/webhooks/duplicate': (control, input) =>
    control.duplicateDeliveries(input as never),
  'POST /_emulator/faults/webhooks/delay': (control, input) => control.delayDeliveries(input as never),
  'POST /_emulator/faults/webhooks/reorder': (control, input) => control.reorderDeliveries(input as never),
  'POST /_emulator/faults/webhooks/timeout': (control, input) => control.setDeliveryTimeout(input as never),
  'GET /_emulator/deliveries': (control) => control.deliveries(),
  'POST /_emulator/deliveries/flush': (control, input) => {
    noOptions(input);
    return control.flushDeliveries();
  },
};

function noOptions(input: unknown): void {
  if (input === undefined) return;
  if (typeof input === 'object' && input !== null && !Array.isArray(input) && Object.keys(input).length === 0)
    return;
  throw new ControlInputError('This control route takes no options: send no body or {}.');
}

/** The control routes, for the README and the 404 message. */
export function controlRouteList(): string[] {
  return Object.keys(CONTROL_ROUTES);
}

/** A JSON answer of a control route. */
export interface ControlReply {
  status: number;
  body: unknown;
}

function errorReply(status: number, message: string, param?: string): ControlReply {
  return {
    status,
    body: { error: { type: 'invalid_request_error', message, ...(param === undefined ? {} : { param }) } },
  };
}

function parseBody(body: string, contentType: string | undefined): unknown {
  if (body.trim() === '') return undefined;
  if (contentType !== undefined && !contentType.includes('json')) {
    throw new ControlInputError(
      `Control routes take a JSON body (Content-Type: application/json), got "${contentType}".`,
    );
  }
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new ControlInputError('The body is not valid JSON: send an object such as {"count": 1}.');
  }
}

/** Handles one `/_emulator/*` request (the caller checked the prefix). Never throws: bad input is a 400. */
export async function handleControlRequest(
  control: EmulatorControl,
  method: string,
  pathname: string,
  body: string,
  contentType: string | undefined,
): Promise<ControlReply> {
  const normalized = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  const handler = CONTROL_ROUTES[`${method} ${normalized}`];
  if (!handler) {
    return errorReply(
      404,
      `Unknown control route ${method} ${pathname}. Control routes: ${controlRouteList().join('; ')}.`,
    );
  }
  try {
    return { status: 200, body: await handler(control, parseBody(body, contentType)) };
  } catch (error) {
    if (error instanceof ControlInputError) return errorReply(400, error.message, error.param);
    throw error;
  }
}
