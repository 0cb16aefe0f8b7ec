import {
  ApiErrorBodySchema,
  billingRoutes,
  ChangePlanRequestSchema,
  CompleteSetupIntentRequestSchema,
  EmptyRequestSchema,
  MAX_QUANTITY,
  PayInvoiceRequestSchema,
  PreviewPlanChangeRequestSchema,
  StartSubscriptionRequestSchema,
} from '@billing-kit/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { TEST_CUSTOMER_HEADER } from '../../test/billing-test-env.js';
import { type HostileWorld, snapshotWorld, startHostileWorld } from '../../test/hostile-world.js';

/**
 * Property-based proof that hostile input never gets past the API: every malformed, oversized, foreign or forged
 * request gets a typed 4xx error envelope, and neither the server's store nor Stripe changes.
 * `HOSTILE_RUNS` (requests per route, default 120) and `HOSTILE_SEED` make a larger or a different manual run;
 * a failure prints the seed and the shrunk request to replay it.
 */
const SEED = Number(process.env.HOSTILE_SEED ?? 20_260_808);
const RUNS = Number(process.env.HOSTILE_RUNS ?? 120);
const BASE_PATH = '/api/billing';
const MAX_BODY_BYTES = 64 * 1024;

type Who = 'attacker' | 'newcomer' | null;

/** One hostile request, as the generators build it. `expectStatus` pins the status when only one is right. */
interface HostileRequest {
  route: string;
  method: string;
  path: string;
  as: Who;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
  expectStatus?: number;
  overHttp: boolean;
}

let world: HostileWorld;
let before: unknown;
/** Requests sent per route and the statuses they got, printed at the end. */
const tally = new Map<string, Map<number, number>>();

beforeAll(async () => {
  world = await startHostileWorld();
  before = await snapshotWorld(world);
}, 120_000);

afterAll(async () => {
  const lines = [...tally].map(([route, statuses]) => {
    const total = [...statuses.values()].reduce((sum, count) => sum + count, 0);
    const detail = [...statuses].map(([status, count]) => `${status}×${count}`).join(' ');
    return `  ${route.padEnd(24)} ${String(total).padStart(5)}  ${detail}`;
  });
  const total = [...tally.values()].flatMap((statuses) => [...statuses.values()]).reduce((a, b) => a + b, 0);
  console.info(
    `hostile input (seed ${SEED}, ${RUNS} runs per property): ${total} requests\n${lines.join('\n')}`,
  );
  await world?.close();
});

function customerIdOf(who: Who): string | null {
  if (who === 'attacker') return world.attacker.customerId;
  if (who === 'newcomer') return world.newcomerId;
  return null;
}

/** Longest any refusal may take: a request left hanging is a failure too, not a stuck suite. */
const REQUEST_TIMEOUT_MS = 10_000;

async function send(request: HostileRequest): Promise<Response> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)),
      REQUEST_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([dispatch(request), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function dispatch(request: HostileRequest): Promise<Response> {
  const headers = new Headers(request.headers);
  const customerId = customerIdOf(request.as);
  if (customerId) headers.set(TEST_CUSTOMER_HEADER, customerId);
  const init: RequestInit = { method: request.method, headers };
  if (request.body !== undefined && request.method !== 'GET') init.body = request.body;
  if (request.overHttp) {
    return fetch(`${world.served.origin}${BASE_PATH}${request.path}`, {
      ...init,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  }
  return world.billing.handler(new Request(`http://billing.test${BASE_PATH}${request.path}`, init));
}

/** The property every hostile request must satisfy: a 4xx with core's error envelope, a typed code, no internals. */
async function expectRefused(request: HostileRequest): Promise<void> {
  const response = await send(request);
  const text = await response.text();
  const statuses = tally.get(request.route) ?? new Map<number, number>();
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  tally.set(request.route, statuses);

  const summary = `${request.method} ${request.path.slice(0, 200)} -> ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, summary).toBeGreaterThanOrEqual(400);
  expect(response.status, summary).toBeLessThan(500);
  if (request.expectStatus !== undefined) expect(response.status, summary).toBe(request.expectStatus);
  expect(response.headers.get('content-type'), summary).toMatch(/^application\/json/);
  const parsed = ApiErrorBodySchema.safeParse(JSON.parse(text));
  expect(parsed.success, summary).toBe(true);
  expect(text, summary).not.toMatch(/sk_test|whsec_|\bat .+:\d+:\d+|Stripe[A-Z]\w+Error/);
}

/** Runs a property over `requests`, then checks nothing changed in the store or in Stripe. */
let properties = 0;

async function assertAllRefused(requests: fc.Arbitrary<HostileRequest>, runs = RUNS): Promise<void> {
  world.stripeLog.reset();
  // One seed per property (in file order), so routes do not all draw the same branches; a failure prints it.
  properties += 1;
  await fc.assert(fc.asyncProperty(requests, expectRefused), { seed: SEED + properties, numRuns: runs });
  const writes = world.stripeLog
    .calls()
    .filter((call) => call.method !== 'GET' && call.path !== '/v1/invoices/create_preview');
  expect(writes, 'hostile requests must not send a single write to Stripe').toEqual([]);
  expect(await snapshotWorld(world)).toEqual(before);
}

// ---------- building blocks ----------

const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });

/** Path segments no id looks like: quotes, SQL, control characters, unicode, dot segments, very long ones. */
const oddIds: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '.',
    '..',
    '%2e%2e',
    ' ',
    "sub_1' or '1'='1",
    'sub_1; drop table billing_subscriptions;--',
    '<script>alert(1)</script>',
    '\u0000',
    '\u202e',
    'sub_\u{1F600}',
    '__proto__',
    'constructor',
    'null',
    'undefined',
    '*',
    '%',
    '%zz',
    'sub_%00',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder is exactly the hostile input here
    '${process.env}',
    'setup-intent',
    'preview',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 64 }),
  fc.string({ minLength: 256, maxLength: 3000 }),
);

function encodeSegment(id: string): string {
  try {
    return encodeURIComponent(id);
  } catch {
    // A lone surrogate cannot be percent-encoded: send its replacement character instead.
    return encodeURIComponent(id.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
}

/** Ids that are not the attacker's: the victim's, well-formed unknown ones, odd ones. */
function foreignIds(prefix: string, victims: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...victims) },
    { weight: 1, arbitrary: hex(24).map((value) => `${prefix}_${value}`) },
    { weight: 3, arbitrary: oddIds },
  );
}

/** Values of the wrong type or out of range for any field. */
const wrongValues: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    -1,
    0,
    1.5,
    -0.0001,
    1e308,
    MAX_QUANTITY + 1,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    '1',
    'x'.repeat(300),
    [],
    {},
    { $gt: '' },
  ),
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
);

/** Keys a strict schema must refuse, among them a smuggled customer and prototype names. */
const extraKeys: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'customer',
    'customerId',
    '__proto__',
    'constructor',
    'prototype',
    'amount',
    'status',
    'id',
  ),
  fc.string({ minLength: 1, maxLength: 20 }),
);

function isValid(schema: z.ZodType, text: string): boolean {
  try {
    return schema.safeParse(JSON.parse(text)).success;
  } catch {
    return false;
  }
}

interface HostileBody {
  body?: string | Uint8Array<ArrayBuffer>;
  contentType: string | null;
  expectStatus?: number;
}

const json = (value: unknown): HostileBody => ({
  body: JSON.stringify(value),
  contentType: 'application/json',
});

/**
 * Bodies a route must refuse, built around `valid` (bodies the schema accepts): wrong types, missing and extra
 * fields, any JSON the schema refuses, invalid JSON and UTF-8, deep nesting, over the size limit (413), and valid
 * JSON sent with a content type that is not JSON.
 */
function hostileBodies(
  schema: z.ZodType,
  valid: fc.Arbitrary<Record<string, unknown>>,
): fc.Arbitrary<HostileBody> {
  // Field-level variants only exist for bodies with fields (an always-failing filter would never end).
  const [sample] = fc.sample(valid, { numRuns: 1, seed: SEED });
  const hasFields = Object.keys(sample ?? {}).length > 0;
  const wrongType = valid.chain((body) =>
    fc
      .tuple(fc.constantFrom(...Object.keys(body)), wrongValues)
      .map(([key, value]) => JSON.stringify({ ...body, [key]: value })),
  );
  const missing = valid.chain((body) =>
    fc.constantFrom(...Object.keys(body)).map((key) => {
      const { [key]: _dropped, ...rest } = body;
      return JSON.stringify(rest);
    }),
  );
  const extra = fc
    .tuple(valid, extraKeys, fc.jsonValue())
    .map(
      ([body, key, value]) =>
        `${JSON.stringify(body).slice(0, -1)}${Object.keys(body).length > 0 ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(value ?? null)}}`,
    );
  const anyJson = fc.jsonValue().map((value) => JSON.stringify(value));
  const refusedJson = fc
    .oneof(...(hasFields ? [wrongType, missing] : []), extra, anyJson)
    .filter((text) => !isValid(schema, text))
    .map((text): HostileBody => ({ body: text, contentType: 'application/json' }));

  const invalidJson = fc
    .oneof(
      fc.constantFrom(
        '{',
        '{"priceId":',
        "{'priceId':'x'}",
        '{"a":1}}',
        'nul',
        '[1,]',
        '{"a":01}',
        '\u0000',
        'NaN',
      ),
      fc.string({ minLength: 1 }),
    )
    .filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    })
    .map((text): HostileBody => ({ body: text, contentType: 'application/json' }));
  const invalidUtf8 = fc
    .uint8Array({ minLength: 1, maxLength: 64 })
    .map((bytes) => new Uint8Array([0x7b, 0xff, 0xfe, ...bytes, 0x7d]))
    .map((bytes): HostileBody => ({ body: bytes, contentType: 'application/json' }));
  const deep = fc
    .tuple(fc.integer({ min: 500, max: 15_000 }), fc.constantFrom(['[', ']'], ['{"a":', '}']))
    .map(
      ([depth, [open, close]]): HostileBody => ({
        body: `${(open as string).repeat(depth)}1${(close as string).repeat(depth)}`.slice(0, MAX_BODY_BYTES),
        contentType: 'application/json',
      }),
    );
  const huge = fc
    .tuple(valid, fc.integer({ min: MAX_BODY_BYTES + 1, max: 4 * MAX_BODY_BYTES }))
    .map(([body, size]): HostileBody => {
      const start = JSON.stringify({ ...body, padding: '' });
      return {
        body: `${start.slice(0, -2)}${'x'.repeat(size - start.length + 2)}"}`,
        contentType: 'application/json',
        expectStatus: 413,
      };
    });
  const wrongContentType = fc
    .tuple(
      valid,
      fc.constantFrom(
        'text/plain',
        'text/plain;charset=UTF-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/jsonx',
        'text/json',
        null,
      ),
    )
    .map(
      ([body, contentType]): HostileBody => ({
        // Bytes, so fetch adds no content type of its own when there is none.
        body: new TextEncoder().encode(JSON.stringify(body)),
        contentType,
      }),
    );

  return fc.oneof(
    { weight: 5, arbitrary: refusedJson },
    { weight: 2, arbitrary: invalidJson },
    { weight: 1, arbitrary: invalidUtf8 },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: huge },
    { weight: 2, arbitrary: wrongContentType },
  );
}

function toRequest(
  route: string,
  method: string,
  path: string,
  as: Who,
  body: HostileBody | null,
  overHttp: boolean,
  headers: Record<string, string> = {},
): HostileRequest {
  const allHeaders = { ...headers };
  if (body?.contentType) allHeaders['content-type'] = body.contentType;
  return {
    route,
    method,
    path,
    as,
    headers: allHeaders,
    ...(body?.body === undefined ? {} : { body: body.body }),
    ...(body?.expectStatus === undefined ? {} : { expectStatus: body.expectStatus }),
    overHttp,
  };
}

/**
 * Idempotency-Key values the server must refuse: empty (or blank: header values are trimmed) or over 255
 * characters once trimmed.
 */
const badIdempotencyKeys = fc.oneof(
  fc.constantFrom('', ' ', '\t'),
  fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.:'), minLength: 256, maxLength: 400 }),
);

const nowSeconds = () => Math.floor(Date.now() / 1000);

// ---------- the properties ----------

describe(`hostile requests (fast-check seed ${SEED}, ${RUNS} runs per route)`, () => {
  it('start subscription: bad bodies, refused prices, quantities and promotion codes, signed out', async () => {
    const { catalog } = world.env;
    const route = 'startSubscription';
    const valid = fc.record({
      priceId: fc.constantFrom(catalog.team.seatPriceId, catalog.starter.monthlyPriceId),
      quantity: fc.constant(1),
    });
    const refusedChoices = fc.oneof(
      fc.record({
        priceId: fc.oneof(
          fc.constantFrom(
            world.prices.archived,
            world.prices.hidden,
            world.victim.subscriptionId,
            '\u0000',
            'price_\u0000',
          ),
          hex(14).map((value) => `price_${value}`),
        ),
      }),
      fc.record({
        priceId: fc.constantFrom(catalog.starter.monthlyPriceId, catalog.starter.yearlyPriceId),
        quantity: fc.integer({ min: 2, max: MAX_QUANTITY }),
      }),
      fc.record({
        priceId: fc.constant(catalog.team.seatPriceId),
        promotionCode: fc.oneof(
          fc.constantFrom(world.promotionCodes.victimOnly, world.promotionCodes.inactive, 'victimonly'),
          fc.string({ unit: fc.constantFrom(...'ABCXYZ0123_-'), minLength: 1, maxLength: 64 }),
        ),
      }),
    );
    await assertAllRefused(
      fc.oneof(
        fc
          .tuple(
            hostileBodies(StartSubscriptionRequestSchema, valid),
            fc.constantFrom<Who>('newcomer', 'attacker'),
            fc.boolean(),
          )
          .map(([body, as, http]) => toRequest(route, 'POST', '/subscriptions', as, body, http)),
        fc
          .tuple(refusedChoices, fc.constantFrom<Who>('newcomer', 'attacker'), fc.boolean())
          .map(([body, as, http]) => toRequest(route, 'POST', '/subscriptions', as, json(body), http)),
        fc.tuple(valid, fc.boolean()).map(([body, http]) => ({
          ...toRequest(route, 'POST', '/subscriptions', null, json(body), http),
          expectStatus: 401,
        })),
        fc.tuple(valid, badIdempotencyKeys, fc.boolean()).map(([body, key, http]) =>
          toRequest(route, 'POST', '/subscriptions', 'newcomer', json(body), http, {
            'Idempotency-Key': key,
          }),
        ),
      ),
    );
  });

  it('preview subscription: bad bodies, refused prices, quantities and promotion codes, signed out', async () => {
    const { catalog } = world.env;
    const route = 'previewSubscription';
    const valid = fc.record({
      priceId: fc.constant(catalog.team.seatPriceId),
      quantity: fc.integer({ min: 1, max: 9 }),
    });
    const refused = fc.oneof(
      fc.record({
        priceId: fc.constantFrom(world.prices.archived, world.prices.hidden, 'price_unknown', 'price_\u0000'),
      }),
      fc.record({
        priceId: fc.constant(catalog.starter.monthlyPriceId),
        quantity: fc.integer({ min: 2, max: MAX_QUANTITY }),
      }),
      fc.record({
        priceId: fc.constant(catalog.team.seatPriceId),
        promotionCode: fc.oneof(
          fc.constantFrom(world.promotionCodes.victimOnly, world.promotionCodes.inactive),
          fc.string({ unit: fc.constantFrom(...'QWERTY987_-'), minLength: 1, maxLength: 64 }),
        ),
      }),
    );
    await assertAllRefused(
      fc.oneof(
        fc
          .tuple(
            hostileBodies(StartSubscriptionRequestSchema, valid),
            fc.constantFrom<Who>('newcomer', 'attacker'),
            fc.boolean(),
          )
          .map(([body, as, http]) => toRequest(route, 'POST', '/subscriptions/preview', as, body, http)),
        fc
          .tuple(refused, fc.constantFrom<Who>('newcomer', 'attacker'), fc.boolean())
          .map(([body, as, http]) =>
            toRequest(route, 'POST', '/subscriptions/preview', as, json(body), http),
          ),
        fc.tuple(valid, fc.boolean()).map(([body, http]) => ({
          ...toRequest(route, 'POST', '/subscriptions/preview', null, json(body), http),
          expectStatus: 401,
        })),
      ),
    );
  });

  /** Routes on `/subscriptions/:id/...` whose body is empty: bad bodies on the attacker's own id, any body elsewhere. */
  for (const [route, action] of [
    ['confirmSubscription', 'confirm'],
    ['cancelScheduledChange', 'cancel-scheduled-change'],
    ['cancelSubscription', 'cancel'],
    ['resumeSubscription', 'resume'],
  ] as const) {
    it(`${action}: the victim's, unknown and odd subscription ids, bad bodies, signed out`, async () => {
      const own = world.attacker.subscriptionId;
      const pathOf = (id: string) => `/subscriptions/${encodeSegment(id)}/${action}`;
      const empty = fc.constant({});
      const requests = [
        fc
          .tuple(hostileBodies(EmptyRequestSchema, empty), fc.boolean())
          .map(([body, http]) => toRequest(route, 'POST', pathOf(own), 'attacker', body, http)),
        fc
          .tuple(foreignIds('sub', [world.victim.subscriptionId]), fc.boolean(), fc.boolean())
          .map(([id, withBody, http]) =>
            toRequest(route, 'POST', pathOf(id), 'attacker', withBody ? json({}) : null, http),
          ),
        fc.tuple(fc.boolean()).map(([http]) => ({
          ...toRequest(route, 'POST', pathOf(own), null, json({}), http),
          expectStatus: 401,
        })),
      ];
      if (route === 'cancelSubscription') {
        // A valid cancel of the attacker's own subscription, refused only for its Idempotency-Key.
        requests.push(
          fc
            .tuple(badIdempotencyKeys, fc.boolean())
            .map(([key, http]) =>
              toRequest(route, 'POST', pathOf(own), 'attacker', json({}), http, { 'Idempotency-Key': key }),
            ),
        );
      }
      await assertAllRefused(fc.oneof(...requests));
    });
  }

  it('preview plan change: same plan, refused prices and quantities, foreign ids, bad bodies', async () => {
    const { catalog } = world.env;
    const route = 'previewPlanChange';
    const pathOf = (id: string) => `/subscriptions/${encodeSegment(id)}/preview-change`;
    const own = world.attacker.subscriptionId;
    const valid = fc.record({
      priceId: fc.constant(catalog.starter.monthlyPriceId),
      quantity: fc.constant(1),
    });
    const refused = fc.oneof(
      fc.constant({ priceId: catalog.team.seatPriceId, quantity: 2 }), // already the plan
      fc.record({
        priceId: fc.constantFrom(world.prices.archived, world.prices.hidden, 'price_unknown', 'price_\u0000'),
      }),
      fc.record({
        priceId: fc.constant(catalog.starter.monthlyPriceId),
        quantity: fc.integer({ min: 2, max: MAX_QUANTITY }),
      }),
    );
    await assertAllRefused(
      fc.oneof(
        fc
          .tuple(hostileBodies(PreviewPlanChangeRequestSchema, valid), fc.boolean())
          .map(([body, http]) => toRequest(route, 'POST', pathOf(own), 'attacker', body, http)),
        fc
          .tuple(refused, fc.boolean())
          .map(([body, http]) => toRequest(route, 'POST', pathOf(own), 'attacker', json(body), http)),
        fc
          .tuple(foreignIds('sub', [world.victim.subscriptionId]), valid, fc.boolean())
          .map(([id, body, http]) => toRequest(route, 'POST', pathOf(id), 'attacker', json(body), http)),
      ),
    );
  });

  it('change plan: stale, future and zero proration dates, same plan, refused prices, foreign ids, bad keys', async () => {
    const { catalog } = world.env;
    const route = 'changePlan';
    const pathOf = (id: string) => `/subscriptions/${encodeSegment(id)}/change`;
    const own = world.attacker.subscriptionId;
    // A seat increase, valid as it stands: each variant below must be refused for its one defect.
    const valid = fc.record({
      priceId: fc.constant(catalog.team.seatPriceId),
      quantity: fc.integer({ min: 3, max: 9 }),
      prorationDate: fc.constant(nowSeconds()),
    });
    const refused = fc.oneof(
      valid.chain((body) =>
        fc
          .oneof(
            fc.integer({ min: 1, max: nowSeconds() - 40 * 86_400 }),
            fc.integer({ min: nowSeconds() + 3600, max: nowSeconds() + 400 * 86_400 }),
          )
          .map((prorationDate) => ({ ...body, prorationDate })),
      ),
      fc.constant({ priceId: catalog.team.seatPriceId, quantity: 2, prorationDate: nowSeconds() }),
      fc
        .constantFrom(world.prices.archived, world.prices.hidden, 'price_unknown', '\u0000')
        .map((priceId) => ({ priceId, quantity: 1, prorationDate: nowSeconds() })),
      fc.integer({ min: 2, max: MAX_QUANTITY }).map((quantity) => ({
        priceId: catalog.starter.monthlyPriceId,
        quantity,
        prorationDate: nowSeconds(),
      })),
    );
    await assertAllRefused(
      fc.oneof(
        fc
          .tuple(hostileBodies(ChangePlanRequestSchema, valid), fc.boolean())
          .map(([body, http]) => toRequest(route, 'POST', pathOf(own), 'attacker', body, http)),
        fc
          .tuple(refused, fc.boolean())
          .map(([body, http]) => toRequest(route, 'POST', pathOf(own), 'attacker', json(body), http)),
        fc
          .tuple(foreignIds('sub', [world.victim.subscriptionId]), valid, fc.boolean())
          .map(([id, body, http]) => toRequest(route, 'POST', pathOf(id), 'attacker', json(body), http)),
        fc
          .tuple(valid, badIdempotencyKeys, fc.boolean())
          .map(([body, key, http]) =>
            toRequest(route, 'POST', pathOf(own), 'attacker', json(body), http, { 'Idempotency-Key': key }),
          ),
        fc.tuple(valid, fc.boolean()).map(([body, http]) => ({
          ...toRequest(route, 'POST', pathOf(own), null, json(body), http),
          expectStatus: 401,
        })),
      ),
    );
  });

  it('create setup intent: bad bodies, bad keys, signed out', async () => {
    const route = 'createSetupIntent';
    const path = '/payment-methods/setup-intent';
    await assertAllRefused(
      fc.oneof(
        fc
          .tuple(hostileBodies(EmptyRequestSchema, fc.constant({})), fc.boolean())
          .map(([body, http]) => toRequest(route, 'POST', path, 'attacker', body, http)),
        fc
          .tuple(badIdempotencyKeys, fc.boolean())
          .map(([key, http]) =>
            toRequest(route, 'POST', path, 'attacker', json({}), http, { 'Idempotency-Key': key }),
          ),
        fc
          .boolean()
          .map((http) => ({ ...toRequest(route, 'POST', path, null, json({}), http), expectStatus: 401 })),
      ),
    );
  });

  it("complete setup intent: the victim's, unknown and odd SetupIntents, bad bodies", async () => {
    const route = 'completeSetupIntent';
    const path = '/payment-methods/setup-intent/complete';
    const valid = fc.record({
      setupIntentId: fc.constant(world.attacker.setupIntentId),
      makeDefault: fc.boolean(),
    });
    await assertAllRefused(
      fc.oneof(
        fc
          .tuple(hostileBodies(CompleteSetupIntentRequestSchema, valid), fc.boolean())
          .map(([body, http]) => toRequest(route, 'POST', path, 'attacker', body, http)),
        fc
          .tuple(
            foreignIds('seti', [world.victim.setupIntentId, 'seti_\u0000']).filter((id) => id.length <= 255),
            fc.boolean(),
            fc.boolean(),
          )
          .map(([setupIntentId, makeDefault, http]) =>
            toRequest(route, 'POST', path, 'attacker', json({ setupIntentId, makeDefault }), http),
          ),
        fc.tuple(valid, fc.boolean()).map(([body, http]) => ({
          ...toRequest(route, 'POST', path, null, json(body), http),
          expectStatus: 401,
        })),
      ),
    );
  });

  it("set default card: the victim's, unknown and odd card ids, bad bodies, bad keys", async () => {
    const route = 'setDefaultPaymentMethod';
    const pathOf = (id: string) => `/payment-methods/${encodeSegment(id)}/default`;
    const own = world.attacker.spareCardId;
    await assertAllRefused(
      fc.oneof(
        fc
          .tuple(hostileBodies(EmptyRequestSchema, fc.constant({})), fc.boolean())
          .map(([body, http]) => toRequest(route, 'POST', pathOf(own), 'attacker', body, http)),
        fc
          .tuple(foreignIds('pm', [world.victim.defaultCardId, world.victim.spareCardId]), fc.boolean())
          .map(([id, http]) => toRequest(route, 'POST', pathOf(id), 'attacker', json({}), http)),
        fc
          .tuple(badIdempotencyKeys, fc.boolean())
          .map(([key, http]) =>
            toRequest(route, 'POST', pathOf(own), 'attacker', json({}), http, { 'Idempotency-Key': key }),
          ),
      ),
    );
  });

  it("remove card: the victim's, unknown and odd card ids, the attacker's only default, bad keys", async () => {
    const route = 'removePaymentMethod';
    const pathOf = (id: string) => `/payment-methods/${encodeSegment(id)}`;
    await assertAllRefused(
      fc.oneof(
        fc
          .tuple(foreignIds('pm', [world.victim.defaultCardId, world.victim.spareCardId]), fc.boolean())
          .map(([id, http]) => toRequest(route, 'DELETE', pathOf(id), 'attacker', null, http)),
        // The default card of an active subscription: 409 payment_method_required.
        fc.boolean().map((http) => ({
          ...toRequest(route, 'DELETE', pathOf(world.attacker.defaultCardId), 'attacker', null, http),
          expectStatus: 409,
        })),
        fc.tuple(badIdempotencyKeys, fc.boolean()).map(([key, http]) =>
          toRequest(route, 'DELETE', pathOf(world.attacker.spareCardId), 'attacker', null, http, {
            'Idempotency-Key': key,
          }),
        ),
        fc.boolean().map((http) => ({
          ...toRequest(route, 'DELETE', pathOf(world.attacker.spareCardId), null, null, http),
          expectStatus: 401,
        })),
      ),
    );
  });

  it("pay invoice: the victim's, unknown and odd invoices, the victim's cards, bad bodies", async () => {
    const route = 'payInvoice';
    const pathOf = (id: string) => `/invoices/${encodeSegment(id)}/pay`;
    const own = world.attacker.invoiceId;
    const valid = fc.record({ paymentMethodId: fc.constant(world.attacker.spareCardId) });
    await assertAllRefused(
      fc.oneof(
        fc
          .tuple(hostileBodies(PayInvoiceRequestSchema, valid), fc.boolean())
          .map(([body, http]) => toRequest(route, 'POST', pathOf(own), 'attacker', body, http)),
        fc
          .tuple(
            foreignIds('pm', [world.victim.defaultCardId, world.victim.spareCardId, 'pm_\u0000']),
            fc.boolean(),
          )
          .filter(([id]) => id.length <= 255)
          .map(([paymentMethodId, http]) =>
            toRequest(route, 'POST', pathOf(own), 'attacker', json({ paymentMethodId }), http),
          ),
        fc
          .tuple(
            foreignIds('in', [world.victim.invoiceId]),
            fc.constantFrom({}, { paymentMethodId: world.attacker.spareCardId }),
            fc.boolean(),
          )
          .map(([id, body, http]) => toRequest(route, 'POST', pathOf(id), 'attacker', json(body), http)),
      ),
    );
  });

  it('read routes and unknown paths: wrong methods, signed out, extra segments', async () => {
    const getRoutes = Object.entries(billingRoutes).filter(([, route]) => route.method === 'GET');
    const allowed = (path: string) =>
      Object.values(billingRoutes)
        .filter((route) => route.path === path)
        .map((route) => route.method as string);
    const wrongMethod = fc
      .tuple(
        fc.constantFrom(...getRoutes),
        fc.constantFrom('PUT', 'PATCH', 'DELETE', 'POST', 'OPTIONS'),
        fc.boolean(),
      )
      .filter(([[, route], method]) => !allowed(route.path).includes(method))
      .map(([[name, route], method, http]) => ({
        ...toRequest(name, method, route.path, 'attacker', method === 'OPTIONS' ? null : json({}), http),
        expectStatus: 405,
      }));
    const signedOut = fc
      .tuple(fc.constantFrom(...getRoutes.filter(([name]) => name !== 'getCatalog')), fc.boolean())
      .map(([[name, route], http]) => ({
        ...toRequest(name, 'GET', route.path, null, null, http),
        expectStatus: 401,
      }));
    const unknownPath = fc
      .tuple(
        fc.constantFrom(
          '/catalog',
          '/entitlements',
          '/invoices',
          '/webhooks',
          '/payment-methods/setup-intent',
          '',
        ),
        oddIds.filter((id) => !['.', '..', '%2e%2e'].includes(id)),
        fc.constantFrom('GET', 'POST', 'DELETE'),
        fc.boolean(),
      )
      .map(([prefix, id, method, http]) => ({
        ...toRequest(
          'unknownPath',
          method,
          `${prefix}/${encodeSegment(id)}/x`,
          'attacker',
          method === 'GET' ? null : json({}),
          http,
        ),
      }));
    // Five routes and the unknown paths share this property: three times the runs.
    await assertAllRefused(fc.oneof(wrongMethod, signedOut, unknownPath), 3 * RUNS);
  });

  it('webhooks: forged, wrongly keyed, stale, replayed and tampered signatures, oversized and non-event bodies', async () => {
    const route = 'webhooks';
    const { env } = world;
    const events = (await env.stripe.events.list({ limit: 20 })).data.map((event) => JSON.stringify(event));
    const sign = (payload: string, options: { secret?: string; timestamp?: number } = {}) =>
      env.stripe.webhooks.generateTestHeaderString({
        payload,
        secret: options.secret ?? env.webhookSecret,
        ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
      });
    const payloads = fc.constantFrom(...events);
    const delivery = (payload: string, signature: string | null, http: boolean, expectStatus?: number) => ({
      ...toRequest(
        route,
        'POST',
        '/webhooks',
        null,
        { body: payload, contentType: 'application/json' },
        http,
        signature === null ? {} : { 'stripe-signature': signature },
      ),
      ...(expectStatus === undefined ? {} : { expectStatus }),
    });

    const forged = fc
      .tuple(
        payloads,
        fc.oneof(
          hex(64).map((value) => `t=${nowSeconds()},v1=${value}`),
          fc.tuple(hex(64), hex(64)).map(([a, b]) => `t=${nowSeconds()},v1=${a},v1=${b},v0=${b}`),
          fc.constantFrom('', 't=', 'v1=', `t=${nowSeconds()}`, 't=abc,v1=00', ',,,', 't=1,v1=1,t=2'),
          fc.string({ maxLength: 300 }),
        ),
        fc.boolean(),
      )
      .map(([payload, signature, http]) => delivery(payload, signature, http, 400));
    const wrongSecret = fc
      .tuple(payloads, hex(32), fc.boolean())
      .map(([payload, secret, http]) =>
        delivery(payload, sign(payload, { secret: `whsec_${secret}` }), http, 400),
      );
    const stale = fc
      .tuple(payloads, fc.integer({ min: 301, max: 10 * 365 * 86_400 }), fc.boolean())
      .map(([payload, age, http]) =>
        delivery(payload, sign(payload, { timestamp: nowSeconds() - age }), http, 400),
      );
    // A genuine signature captured from one delivery, replayed with another event's body.
    const replayed = fc
      .tuple(payloads, payloads, fc.boolean())
      .filter(([signed, sent]) => signed !== sent)
      .map(([signed, sent, http]) => delivery(sent, sign(signed), http, 400));
    const tampered = fc
      .tuple(payloads, fc.nat(), fc.constantFrom(' ', '\n', 'x', '"', '}'), fc.boolean())
      .map(([payload, at, insert, http]) => {
        const position = at % payload.length;
        return delivery(
          `${payload.slice(0, position)}${insert}${payload.slice(position)}`,
          sign(payload),
          http,
          400,
        );
      });
    const unsigned = fc
      .tuple(payloads, fc.boolean())
      .map(([payload, http]) => delivery(payload, null, http, 400));
    const oversized = fc
      .tuple(fc.integer({ min: 1024 * 1024 + 1, max: 2 * 1024 * 1024 }), fc.boolean())
      .map(([size, http]) => {
        const payload = `{"id":"evt_big","type":"invoice.paid","pad":"${'x'.repeat(size)}"}`;
        return delivery(payload, sign(payload), http, 413);
      });
    // Correctly signed, but not an event: nothing may be recorded.
    const nonEvents = fc
      .tuple(
        fc.constantFrom(
          'null',
          '[]',
          '{}',
          '"evt"',
          '{"id":""}',
          '{"id":5,"type":"invoice.paid"}',
          '{"id":"evt_1","type":7}',
          '{"type":"invoice.paid"}',
          '{',
        ),
        fc.boolean(),
      )
      .map(([payload, http]) => delivery(payload, sign(payload), http, 400));

    await assertAllRefused(
      fc.oneof(forged, wrongSecret, stale, replayed, tampered, unsigned, oversized, nonEvents),
      3 * RUNS,
    );
  });
});
