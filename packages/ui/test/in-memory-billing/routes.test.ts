import { PreviewPlanChangeResponseSchema } from '@billing-kit/core';
import { describe, expect, it } from 'vitest';
import { createInMemoryBilling, IN_MEMORY_BILLING_BASE_URL, savedCard, scenarios } from './index.js';

/** Sends a raw request to the in-memory server, as a browser would, and reads the JSON answer. */
async function send(
  billing: ReturnType<typeof createInMemoryBilling>,
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await billing.fetch(`${IN_MEMORY_BILLING_BASE_URL}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function activeBilling(overrides: Parameters<typeof createInMemoryBilling>[0] = {}) {
  return createInMemoryBilling({ ...scenarios.active, latencyMs: 0, ...overrides });
}

describe('given the in-memory billing server, its refusals use the core error envelope', () => {
  it('when a body fails the core request schema, then it answers 400 invalid_request naming the field', async () => {
    const billing = createInMemoryBilling({ latencyMs: 0 });

    const tooFew = await send(billing, 'POST', '/subscriptions', { priceId: 'price_pro_month', quantity: 0 });
    const foreignKey = await send(billing, 'POST', '/subscriptions', {
      priceId: 'price_pro_month',
      customer: 'x',
    });

    expect(tooFew).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request', field: 'quantity' } },
    });
    expect(foreignKey).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request', field: 'customer' } },
    });
    expect(billing.state().subscriptions).toHaveLength(0);
  });

  it('when an id or a route is unknown, then it answers 404; a wrong method 405 with Allow', async () => {
    const billing = activeBilling();

    const unknownSubscription = await send(billing, 'POST', '/subscriptions/sub_other/cancel', {});
    const unknownRoute = await send(billing, 'GET', '/nowhere');
    const wrongMethod = await billing.fetch(`${IN_MEMORY_BILLING_BASE_URL}/catalog`, { method: 'POST' });

    expect(unknownSubscription).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(unknownRoute.status).toBe(404);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('Allow')).toBe('GET');
  });

  it('when a new customer types an unknown promotion code, then 400 invalid_promotion_code; SPRING25 in any case works', async () => {
    const billing = createInMemoryBilling({ latencyMs: 0, taxRate: 10 });

    const refused = billing.client.previewSubscription({
      priceId: 'price_pro_month',
      promotionCode: 'NOPE10',
    });
    await expect(refused).rejects.toMatchObject({ code: 'invalid_promotion_code', field: 'promotionCode' });
    const preview = await billing.client.previewSubscription({
      priceId: 'price_pro_month',
      promotionCode: 'spring25',
    });

    expect(preview).toMatchObject({ subtotal: 2000, discountAmount: 500, tax: 150, totalDueToday: 1650 });
    expect(preview.discount).toMatchObject({ promotionCode: 'SPRING25', percentOff: 25, duration: 'once' });
    expect(preview.renewal.amount).toBe(2200);
  });

  it('when an active customer starts a second subscription, then 409 conflict in plain words', async () => {
    const billing = activeBilling();

    const second = billing.client.startSubscription({ priceId: 'price_basic_month' });

    await expect(second).rejects.toMatchObject({
      status: 409,
      code: 'conflict',
      message: 'You already have a subscription. Change your plan instead.',
    });
  });
});

describe('given an active Pro subscription half-way through its month', () => {
  it('when previewing Team with 2 seats, then the credit and charge are exact halves and change charges exactly the preview', async () => {
    const billing = activeBilling();
    const [subscription] = billing.state().subscriptions;
    const id = subscription?.id as string;

    const preview = await billing.client.previewPlanChange({ id, priceId: 'price_team_month', quantity: 2 });
    const changed = await billing.client.changePlan({
      id,
      priceId: 'price_team_month',
      quantity: 2,
      prorationDate: preview.prorationDate,
    });

    expect(preview).toMatchObject({
      kind: 'upgrade',
      appliesAt: 'now',
      creditForUnusedTime: -1000,
      chargeForNewPlan: 1500,
      amountDueNow: 500,
      nextInvoiceAmount: 3000,
    });
    expect(PreviewPlanChangeResponseSchema.safeParse(preview).success).toBe(true);
    expect(changed.outcome).toBe('applied');
    expect(changed.subscription).toMatchObject({
      planName: 'Team',
      quantity: 2,
      nextInvoice: { amount: 3000 },
    });
    expect(billing.state().charges).toEqual([
      { amount: 500, currency: 'usd', paymentMethodId: 'pm_visa_4242' },
    ]);
    expect(billing.state().invoices[0]).toMatchObject({ status: 'paid', amountPaid: 500 });
  });

  it('when the preview is more than an hour old, then change answers 400 preview_expired and charges nothing', async () => {
    const billing = activeBilling();
    const id = billing.state().subscriptions[0]?.id as string;
    const preview = await billing.client.previewPlanChange({ id, priceId: 'price_team_month', quantity: 2 });

    const stale = billing.client.changePlan({
      id,
      priceId: 'price_team_month',
      quantity: 2,
      prorationDate: preview.prorationDate - 2 * 3600,
    });

    await expect(stale).rejects.toMatchObject({ code: 'preview_expired', field: 'prorationDate' });
    expect(billing.state().charges).toHaveLength(0);
  });

  it('when downgrading to Basic, then it is scheduled for the period end, and cancel-scheduled-change keeps Pro', async () => {
    const billing = activeBilling();
    const id = billing.state().subscriptions[0]?.id as string;
    const preview = await billing.client.previewPlanChange({ id, priceId: 'price_basic_month' });

    const changed = await billing.client.changePlan({
      id,
      priceId: 'price_basic_month',
      prorationDate: preview.prorationDate,
    });
    const kept = await billing.client.cancelScheduledChange({ id });

    expect(preview).toMatchObject({ kind: 'downgrade', appliesAt: 'period_end', amountDueNow: 0 });
    expect(changed.outcome).toBe('scheduled');
    expect(changed.subscription.scheduledChange).toMatchObject({
      planName: 'Basic',
      effectiveAt: 1_803_902_400,
    });
    expect(changed.subscription.nextInvoice?.amount).toBe(1000);
    expect(kept.subscription).toMatchObject({
      planName: 'Pro',
      scheduledChange: null,
      nextInvoice: { amount: 2000 },
    });
    expect(billing.state().charges).toHaveLength(0);
  });

  it('when changing to the same plan, then 400 "This is already your plan."', async () => {
    const billing = activeBilling();
    const id = billing.state().subscriptions[0]?.id as string;

    await expect(billing.client.previewPlanChange({ id, priceId: 'price_pro_month' })).rejects.toMatchObject({
      code: 'invalid_request',
      message: 'This is already your plan.',
    });
  });

  it('when the default card declines the upgrade, then 402 card_declined and the plan stays', async () => {
    const billing = activeBilling({
      paymentMethods: [
        {
          id: 'pm_0341',
          brand: 'visa',
          last4: '0341',
          expMonth: 12,
          expYear: 2034,
          isDefault: true,
          expired: false,
          expiresSoon: false,
        },
      ],
    });
    const id = billing.state().subscriptions[0]?.id as string;
    const preview = await billing.client.previewPlanChange({ id, priceId: 'price_team_month', quantity: 2 });

    const declined = billing.client.changePlan({
      id,
      priceId: 'price_team_month',
      quantity: 2,
      prorationDate: preview.prorationDate,
    });

    await expect(declined).rejects.toMatchObject({
      status: 402,
      code: 'card_declined',
      declineCode: 'generic_decline',
    });
    expect(billing.state().subscriptions[0]).toMatchObject({ planName: 'Pro', quantity: 1 });
    expect(billing.state().charges).toHaveLength(0);
  });

  it('when cancelling then resuming, then cancelAtPeriodEnd and the next invoice follow', async () => {
    const billing = activeBilling();
    const id = billing.state().subscriptions[0]?.id as string;

    const cancelled = await billing.client.cancelSubscription({ id });
    const resumed = await billing.client.resumeSubscription({ id });

    expect(cancelled.subscription).toMatchObject({ cancelAtPeriodEnd: true, nextInvoice: null });
    expect(resumed.subscription).toMatchObject({ cancelAtPeriodEnd: false, nextInvoice: { amount: 2000 } });
  });

  it('when removing its only (default) card, then 409 payment_method_required in plain words', async () => {
    const billing = activeBilling();

    const removal = billing.client.removePaymentMethod({ id: 'pm_visa_4242' });

    await expect(removal).rejects.toMatchObject({
      status: 409,
      code: 'payment_method_required',
      message: 'Your subscription is charged to this card. Add another card before removing it.',
    });
    await expect(billing.client.removePaymentMethod({ id: 'pm_unknown' })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('then entitlements come from the plan: Pro grants analytics', async () => {
    const billing = activeBilling();

    expect(await billing.client.getEntitlements()).toEqual({
      features: ['analytics'],
      status: 'active',
      graceEndsAt: null,
    });
    expect((await billing.client.getCatalog()).currentPriceId).toBe('price_pro_month');
  });
});

describe('given a past-due subscription', () => {
  it('when paying its open invoice with the default card, then it is paid and the subscription active again', async () => {
    const billing = createInMemoryBilling({ ...scenarios.pastDue, latencyMs: 0 });
    const before = await billing.client.getEntitlements();

    const paid = await billing.client.payInvoice({ id: 'in_open' });

    expect(before).toMatchObject({ features: [], status: 'past_due' });
    expect(before.graceEndsAt).toBeTypeOf('number');
    expect(paid).toEqual({ status: 'paid' });
    expect(billing.state().subscriptions[0]).toMatchObject({
      status: 'active',
      latestInvoiceStatus: 'paid',
      pastDueSince: null,
    });
    expect(billing.state().invoices.find((invoice) => invoice.id === 'in_open')?.status).toBe('paid');
    expect(await billing.client.getEntitlements()).toMatchObject({
      features: ['analytics'],
      status: 'active',
    });
    await expect(billing.client.payInvoice({ id: 'in_open' })).rejects.toMatchObject({
      status: 409,
      code: 'conflict',
    });
  });
});

describe('given a new customer starting a subscription', () => {
  it('when the same action is sent twice with one Idempotency-Key, then one subscription exists', async () => {
    const billing = createInMemoryBilling({ latencyMs: 0 });

    const first = await billing.client.startSubscription(
      { priceId: 'price_pro_month' },
      { idempotencyKey: 'k-1' },
    );
    const again = await billing.client.startSubscription(
      { priceId: 'price_pro_month' },
      { idempotencyKey: 'k-1' },
    );

    expect(again).toEqual(first);
    expect(first).toMatchObject({ status: 'incomplete', intentType: 'payment', amountDue: 2000 });
    expect(first.clientSecret).toMatch(/^pi_\w+_secret_\w+$/);
    expect(billing.state().subscriptions).toHaveLength(1);
    expect(billing.state().requests.filter((request) => request.path === '/subscriptions')).toEqual([
      { method: 'POST', path: '/subscriptions', idempotencyKey: 'k-1' },
      { method: 'POST', path: '/subscriptions', idempotencyKey: 'k-1' },
    ]);
  });

  it('when the price has a trial, then the subscription is trialing and a SetupIntent secret is returned', async () => {
    const catalog = scenarios.newCustomer.catalog ?? { plans: [], currentPriceId: null };
    const withTrial = {
      ...catalog,
      plans: catalog.plans.map((plan) => ({
        ...plan,
        prices: plan.prices.map((price) => ({ ...price, trialPeriodDays: 14 })),
      })),
    };
    const billing = createInMemoryBilling({ catalog: withTrial, latencyMs: 0 });

    const preview = await billing.client.previewSubscription({ priceId: 'price_basic_month' });
    const started = await billing.client.startSubscription({ priceId: 'price_basic_month' });

    expect(preview).toMatchObject({ totalDueToday: 0, renewal: { amount: 1000 } });
    expect(preview.trialEnd).toBe(preview.renewal.date);
    expect(started).toMatchObject({ status: 'trialing', intentType: 'setup', amountDue: 0 });
    expect(started.clientSecret).toMatch(/^seti_\w+_secret_\w+$/);
  });
});

describe('given any write sent again with its Idempotency-Key, as the server honours it', () => {
  const twoCards = () =>
    activeBilling({
      paymentMethods: [
        savedCard({ id: 'pm_visa_4242', last4: '4242', isDefault: true }),
        savedCard({ id: 'pm_mc_4444', last4: '4444', brand: 'mastercard' }),
      ],
    });

  it('when a card removal is sent twice with one key, then the second gets the first answer (not a 404)', async () => {
    const billing = twoCards();

    const first = await billing.client.removePaymentMethod({ id: 'pm_mc_4444' }, { idempotencyKey: 'k-rm' });
    const again = await billing.client.removePaymentMethod({ id: 'pm_mc_4444' }, { idempotencyKey: 'k-rm' });

    expect(again).toEqual(first);
    expect(first.paymentMethods.map((card) => card.id)).toEqual(['pm_visa_4242']);
    expect(billing.state().paymentMethods.map((card) => card.id)).toEqual(['pm_visa_4242']);
    // Without the key, the same removal is a new action, refused now that the card is gone.
    await expect(billing.client.removePaymentMethod({ id: 'pm_mc_4444' })).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });

  it('when a cancellation is sent again with its key after a resume, then it is replayed, not applied again', async () => {
    const billing = activeBilling();
    const [subscription] = billing.state().subscriptions;
    const id = subscription?.id ?? '';

    const cancelled = await billing.client.cancelSubscription({ id }, { idempotencyKey: 'k-cancel' });
    await billing.client.resumeSubscription({ id }, { idempotencyKey: 'k-resume' });
    const replayed = await billing.client.cancelSubscription({ id }, { idempotencyKey: 'k-cancel' });

    expect(replayed).toEqual(cancelled);
    expect(billing.state().subscriptions[0]).toMatchObject({ id, cancelAtPeriodEnd: false });
  });

  it('when the same key comes with another body or another card, then it answers 409 conflict and does nothing', async () => {
    const newCustomer = createInMemoryBilling({ latencyMs: 0 });
    await newCustomer.client.startSubscription({ priceId: 'price_pro_month' }, { idempotencyKey: 'k-start' });
    await expect(
      newCustomer.client.startSubscription({ priceId: 'price_basic_month' }, { idempotencyKey: 'k-start' }),
    ).rejects.toMatchObject({ status: 409, code: 'conflict' });
    expect(newCustomer.state().subscriptions).toEqual([
      expect.objectContaining({ priceId: 'price_pro_month' }),
    ]);

    const wallet = twoCards();
    await wallet.client.setDefaultPaymentMethod({ id: 'pm_mc_4444' }, { idempotencyKey: 'k-default' });
    await expect(
      wallet.client.setDefaultPaymentMethod({ id: 'pm_visa_4242' }, { idempotencyKey: 'k-default' }),
    ).rejects.toMatchObject({ status: 409, code: 'conflict' });
    expect(wallet.state().paymentMethods[0]).toMatchObject({ id: 'pm_mc_4444', isDefault: true });
  });

  it('when the first send was refused, then the key is not remembered: the fixed request is applied', async () => {
    const billing = createInMemoryBilling({ latencyMs: 0 });

    await expect(
      billing.client.startSubscription({ priceId: 'price_unknown' }, { idempotencyKey: 'k-fix' }),
    ).rejects.toMatchObject({ status: 400, code: 'invalid_request' });
    const started = await billing.client.startSubscription(
      { priceId: 'price_pro_month' },
      { idempotencyKey: 'k-fix' },
    );

    expect(started).toMatchObject({ status: 'incomplete', amountDue: 2000 });
  });

  it('when a price preview (a POST that writes nothing) is sent again with its key, then it is computed afresh', async () => {
    const billing = activeBilling();
    const id = billing.state().subscriptions[0]?.id ?? '';

    const pro = await billing.client.previewPlanChange(
      { id, priceId: 'price_pro_year' },
      { idempotencyKey: 'k-preview' },
    );
    const basic = await billing.client.previewPlanChange(
      { id, priceId: 'price_basic_month' },
      { idempotencyKey: 'k-preview' },
    );

    expect(pro.target.priceId).toBe('price_pro_year');
    expect(basic.target.priceId).toBe('price_basic_month');
  });
});

describe('given a scenario whose data breaks the core contract', () => {
  it('when the route answers it, then the in-memory server throws rather than lie to the UI', async () => {
    const [subscription] = scenarios.active.subscriptions ?? [];
    const billing = createInMemoryBilling({
      latencyMs: 0,
      subscriptions: [{ ...(subscription as NonNullable<typeof subscription>), currency: 'dollars' }],
    });

    await expect(send(billing, 'GET', '/subscriptions')).rejects.toThrow(/breaks the core contract/);
  });
});
