import {
  ApiErrorBodySchema,
  CreateSetupIntentResponseSchema,
  EntitlementsResponseSchema,
  InvoicesResponseSchema,
  PayInvoiceResponseSchema,
  PaymentMethodsResponseSchema,
  SubscriptionsResponseSchema,
} from '@billing-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingTestEnv,
  jsonPost,
  paymentIntentIdOf,
  startBillingTestEnv,
  TEST_CUSTOMER_HEADER,
  unreachableStripe,
} from '../../test/billing-test-env.js';
import { createPostgresTestStore } from '../../test/postgres-test-store.js';
import { type Billing, createPGliteStore } from '../index.js';

const DAY = 86_400;
const GRACE_DAYS = 3;

let env: BillingTestEnv;

/**
 * A customer on a Stripe test clock, subscribed and paid, and the billing API whose clock follows the test clock
 * (entitlement grace periods are decided against it).
 */
async function subscribedOnTestClock() {
  const frozenTime = Math.floor(Date.now() / 1000);
  const clock = await env.stripe.testHelpers.testClocks.create({ frozen_time: frozenTime });
  const customer = await env.stripe.customers.create({ email: 'dunning@example.com', test_clock: clock.id });
  let now = frozenTime;
  const billing = env.createBillingWith({ gracePeriodDays: GRACE_DAYS, now: () => new Date(now * 1000) });
  const { subscriptionId } = await env.subscribeAndPay(customer.id, env.catalog.starter.monthlyPriceId);
  return {
    customerId: customer.id,
    subscriptionId,
    billing,
    async advanceTo(time: number) {
      await env.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: time });
      await env.emulator.flushWebhooks();
      now = time;
    },
  };
}

function call(billing: Billing, customerId: string, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set(TEST_CUSTOMER_HEADER, customerId);
  return billing.handler(new Request(`${env.apiUrl}${path}`, { ...init, headers }));
}

async function read<T>(response: Response, schema: { parse(value: unknown): T }): Promise<T> {
  const body = await response.json();
  if (response.status !== 200) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
  return schema.parse(body);
}

async function addCardWithSetupIntent(billing: Billing, customerId: string, testCard: string) {
  const { setupIntentId } = await read(
    await call(billing, customerId, '/payment-methods/setup-intent', jsonPost({})),
    CreateSetupIntentResponseSchema,
  );
  const confirmed = await env.stripe.setupIntents.confirm(setupIntentId, { payment_method: testCard });
  const cards = await read(
    await call(
      billing,
      customerId,
      '/payment-methods/setup-intent/complete',
      jsonPost({ setupIntentId, makeDefault: true }),
    ),
    PaymentMethodsResponseSchema,
  );
  return { paymentMethodId: confirmed.payment_method as string, cards: cards.paymentMethods };
}

// The wallet journeys run on both stores: the mirror's SQL is shared, its drivers are not.
describe.each([
  ['PGlite', () => createPGliteStore()],
  ['PostgreSQL', () => createPostgresTestStore('wallet')],
])('on %s', (_storeName, openStore) => {
  beforeAll(async () => {
    env = await startBillingTestEnv({ openStore });
  });
  afterAll(async () => {
    await env?.close();
  });

  describe('a failed renewal', () => {
    it('leaves an open invoice, keeps entitlements for the grace period only, and recovers with a new card', async () => {
      const journey = await subscribedOnTestClock();
      const { billing, customerId, subscriptionId } = journey;
      const entitlements = async () =>
        read(await call(billing, customerId, '/entitlements'), EntitlementsResponseSchema);
      const invoices = async () =>
        (await read(await call(billing, customerId, '/invoices'), InvoicesResponseSchema)).invoices;

      expect(await entitlements()).toEqual({ features: ['projects'], status: 'active', graceEndsAt: null });
      const [first] = await invoices();
      expect(first).toMatchObject({ status: 'paid', amountDue: 1000, amountPaid: 1000, currency: 'usd' });
      expect(first?.hostedInvoiceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invoices\/in_/);
      expect(first?.invoicePdf).toMatch(/\.pdf$/);

      // Given a card that attaches fine but fails every charge (4000 0000 0000 0341) as the default
      const failing = await addCardWithSetupIntent(billing, customerId, 'pm_card_chargeCustomerFail');
      expect(failing.cards[0]).toMatchObject({ id: failing.paymentMethodId, isDefault: true, last4: '0341' });

      // When the clock passes the period end, the renewal fails
      const [subscription] = (
        await read(await call(billing, customerId, '/subscriptions'), SubscriptionsResponseSchema)
      ).subscriptions;
      const periodEnd = subscription?.currentPeriodEnd ?? 0;
      await journey.advanceTo(periodEnd + 3600);

      const renewal = (await invoices())[0];
      expect(renewal).toMatchObject({ status: 'open', amountDue: 1000, amountPaid: 0 });
      expect(renewal?.periodStart).toBe(periodEnd);
      const withinGrace = await entitlements();
      expect(withinGrace).toMatchObject({ features: ['projects'], status: 'past_due' });
      const graceEndsAt = withinGrace.graceEndsAt ?? 0;
      expect(graceEndsAt).toBeGreaterThanOrEqual(periodEnd + GRACE_DAYS * DAY);
      expect(graceEndsAt).toBeLessThanOrEqual(periodEnd + 3600 + GRACE_DAYS * DAY);
      expect(await billing.getEntitlements(customerId)).toEqual(withinGrace);

      // And once the grace period is over (Stripe still retrying), the features are withdrawn
      await journey.advanceTo(graceEndsAt + DAY / 2);
      expect(await entitlements()).toEqual({ features: [], status: 'past_due', graceEndsAt });
      const invoiceId = renewal?.id ?? '';

      // Paying again with the failing default is declined in plain words with Stripe's decline code
      const declined = await call(billing, customerId, `/invoices/${invoiceId}/pay`, jsonPost({}));
      expect(declined.status).toBe(402);
      const declinedBody = ApiErrorBodySchema.parse(await declined.json()).error;
      expect(declinedBody).toMatchObject({ code: 'card_declined', declineCode: expect.any(String) });
      expect(declinedBody.message).not.toMatch(/stripe|pm_|cus_/i);

      // A card whose bank always wants 3D Secure answers what the client needs to authenticate on session
      const threeDS = await env.stripe.paymentMethods.attach('pm_card_authenticationRequired', {
        customer: customerId,
      });
      await env.emulator.flushWebhooks();
      const needsAction = await read(
        await call(
          billing,
          customerId,
          `/invoices/${invoiceId}/pay`,
          jsonPost({ paymentMethodId: threeDS.id }, { 'Idempotency-Key': 'pay-3ds' }),
        ),
        PayInvoiceResponseSchema,
      );
      expect(needsAction.status).toBe('requires_action');
      const clientSecret = needsAction.status === 'requires_action' ? needsAction.clientSecret : '';
      const intent = await env.stripe.paymentIntents.retrieve(paymentIntentIdOf(clientSecret));
      expect(intent.status).toBe('requires_action');

      // Then a good card, added and made the default, pays the invoice: active again, features back, no webhook needed
      const good = await addCardWithSetupIntent(billing, customerId, 'pm_card_mastercard');
      const paid = await read(
        await call(
          billing,
          customerId,
          `/invoices/${invoiceId}/pay`,
          jsonPost({}, { 'Idempotency-Key': 'pay-good' }),
        ),
        PayInvoiceResponseSchema,
      );
      expect(paid).toEqual({ status: 'paid' });
      expect((await invoices())[0]).toMatchObject({ id: invoiceId, status: 'paid', amountPaid: 1000 });
      expect(await entitlements()).toEqual({ features: ['projects'], status: 'active', graceEndsAt: null });
      expect((await env.stripe.subscriptions.retrieve(subscriptionId)).status).toBe('active');
      expect(good.cards[0]).toMatchObject({ id: good.paymentMethodId, isDefault: true });

      // Paying it again is refused from the mirror
      const again = await call(billing, customerId, `/invoices/${invoiceId}/pay`, jsonPost({}));
      expect(again.status).toBe(409);
      await env.emulator.flushWebhooks();
    });
  });

  describe('paying an invoice', () => {
    /** A customer whose renewal failed: one open invoice, a past-due subscription. */
    async function withOpenInvoice() {
      const journey = await subscribedOnTestClock();
      const { customerId, billing } = journey;
      await addCardWithSetupIntent(billing, customerId, 'pm_card_chargeCustomerFail');
      const [subscription] = (await env.stripe.subscriptions.list({ customer: customerId })).data;
      await journey.advanceTo((subscription?.items.data[0]?.current_period_end ?? 0) + 3600);
      const [invoice] = (await read(await call(billing, customerId, '/invoices'), InvoicesResponseSchema))
        .invoices;
      if (invoice?.status !== 'open') throw new Error('The renewal did not leave an open invoice.');
      return { ...journey, invoiceId: invoice.id };
    }

    it('charges once for a double submit with the same Idempotency-Key', async () => {
      const { billing, customerId, invoiceId } = await withOpenInvoice();
      const good = await env.stripe.paymentMethods.attach('pm_card_visa', { customer: customerId });
      await env.emulator.flushWebhooks();
      const pay = () =>
        call(
          billing,
          customerId,
          `/invoices/${invoiceId}/pay`,
          jsonPost({ paymentMethodId: good.id }, { 'Idempotency-Key': 'double-click' }),
        );
      const answers = await Promise.all([pay(), pay()]);
      for (const answer of answers)
        expect(await read(answer, PayInvoiceResponseSchema)).toEqual({ status: 'paid' });
      const charges = await env.stripe.charges.list({ customer: customerId, limit: 100 });
      expect(
        charges.data.filter((charge) => charge.status === 'succeeded' && charge.payment_method === good.id),
      ).toHaveLength(1);
    });

    it("refuses another customer's invoice or card and bad bodies before reaching Stripe", async () => {
      const { invoiceId, customerId: owner } = await withOpenInvoice();
      const stranger = await env.createCustomer();
      const strangersCard = await env.stripe.paymentMethods.attach('pm_card_visa', { customer: stranger });
      await env.emulator.flushWebhooks();
      // Stripe is unreachable for this API: any call it made would turn into a 502.
      const offline = env.createBillingWith({ stripe: await unreachableStripe() });

      const notTheirs = await call(offline, stranger, `/invoices/${invoiceId}/pay`, jsonPost({}));
      expect(notTheirs.status).toBe(404);
      expect(ApiErrorBodySchema.parse(await notTheirs.json()).error.code).toBe('not_found');
      const unknown = await call(offline, owner, '/invoices/in_does_not_exist/pay', jsonPost({}));
      expect(unknown.status).toBe(404);

      const foreignCard = await call(
        offline,
        owner,
        `/invoices/${invoiceId}/pay`,
        jsonPost({ paymentMethodId: strangersCard.id }),
      );
      expect(foreignCard.status).toBe(400);
      expect(ApiErrorBodySchema.parse(await foreignCard.json()).error).toMatchObject({
        code: 'invalid_request',
        field: 'paymentMethodId',
      });
      const badBody = await call(
        offline,
        owner,
        `/invoices/${invoiceId}/pay`,
        jsonPost({ paymentMethodId: 42 }),
      );
      expect(badBody.status).toBe(400);
      expect(ApiErrorBodySchema.parse(await badBody.json()).error.field).toBe('paymentMethodId');
      const tooLarge = await call(
        offline,
        owner,
        `/invoices/${invoiceId}/pay`,
        jsonPost({ paymentMethodId: 'x'.repeat(70_000) }),
      );
      expect(tooLarge.status).toBe(413);
    });

    it('answers 502, retryable, when Stripe fails, and leaves the invoice open', async () => {
      const { billing, customerId, invoiceId } = await withOpenInvoice();
      await env.emulator.control.failNextRequests({
        count: 1,
        status: 503,
        shouldRetry: false,
        method: 'POST',
        path: `/v1/invoices/${invoiceId}/pay`,
      });
      const outage = await call(billing, customerId, `/invoices/${invoiceId}/pay`, jsonPost({}));
      expect(outage.status).toBe(502);
      expect(ApiErrorBodySchema.parse(await outage.json()).error).toMatchObject({
        code: 'stripe_unavailable',
        retryable: true,
      });
      expect((await env.stripe.invoices.retrieve(invoiceId)).status).toBe('open');
    });
  });

  describe('the portal reads', () => {
    it('render subscriptions, cards, invoices and entitlements from the mirror with Stripe unreachable', async () => {
      const customerId = await env.createCustomer();
      await env.subscribeAndPay(customerId, env.catalog.team.seatPriceId, 2);
      const offline = env.createBillingWith({ stripe: await unreachableStripe() });

      const subscriptions = await read(
        await call(offline, customerId, '/subscriptions'),
        SubscriptionsResponseSchema,
      );
      expect(subscriptions.subscriptions[0]).toMatchObject({ status: 'active', quantity: 2 });
      const cards = await read(
        await call(offline, customerId, '/payment-methods'),
        PaymentMethodsResponseSchema,
      );
      expect(cards.paymentMethods).toEqual([
        expect.objectContaining({ brand: 'visa', last4: '4242', isDefault: true, expired: false }),
      ]);
      const invoices = await read(await call(offline, customerId, '/invoices'), InvoicesResponseSchema);
      expect(invoices.invoices).toEqual([expect.objectContaining({ status: 'paid', amountPaid: 3000 })]);
      const entitlements = await read(
        await call(offline, customerId, '/entitlements'),
        EntitlementsResponseSchema,
      );
      expect(entitlements).toEqual({ features: ['projects', 'sso'], status: 'active', graceEndsAt: null });
      expect(await offline.getEntitlements(customerId)).toEqual(entitlements);
    });

    it('grants nothing without a subscription and refuses signed-out callers', async () => {
      const customerId = await env.createCustomer();
      expect(await env.billing.getEntitlements(customerId)).toEqual({
        features: [],
        status: null,
        graceEndsAt: null,
      });
      for (const path of ['/entitlements', '/invoices', '/payment-methods']) {
        expect((await env.call(path)).status).toBe(401);
      }
    });
  });
});
