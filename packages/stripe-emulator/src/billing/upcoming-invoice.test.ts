import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import {
  createMonthlyPrice,
  createPayingCustomer,
  startEmulatorFixture,
} from '../../test/emulator-fixture.js';
import { startStripeEmulator } from '../index.js';

const DAY = 86_400;
const START = Date.UTC(2026, 0, 15, 12) / 1000; // 15 Jan 2026, 12:00 UTC
const FEB_15 = Date.UTC(2026, 1, 15, 12) / 1000;
const MAR_15 = Date.UTC(2026, 2, 15, 12) / 1000;

const { stripe } = await startEmulatorFixture({ apiKey: 'sk_test_upcoming' });
const threeDays = await startEmulatorFixture({
  apiKey: 'sk_test_upcoming_3',
  emulator: { upcomingInvoiceDays: 3 },
});

async function subscribedOnClock(client: Stripe, unitAmount = 2000) {
  const clock = await client.testHelpers.testClocks.create({ frozen_time: START });
  const customer = await createPayingCustomer(client, clock.id);
  const price = await createMonthlyPrice(client, { unitAmount });
  const subscription = await client.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id, quantity: 2 }],
  });
  return { clock, customer, price, subscription };
}

async function upcomingEvents(client: Stripe): Promise<Stripe.InvoiceUpcomingEvent[]> {
  const events = await client.events.list({ type: 'invoice.upcoming', limit: 100 });
  return (events.data as Stripe.InvoiceUpcomingEvent[]).reverse();
}

describe('given an active monthly subscription on a test clock', () => {
  it('when the clock reaches 7 days before the renewal, then invoice.upcoming previews the renewal invoice, once', async () => {
    const { clock, customer, price, subscription } = await subscribedOnClock(stripe);

    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 - 7 * DAY - 1 });
    expect(await upcomingEvents(stripe)).toEqual([]);

    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 - 7 * DAY });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 - DAY });
    const events = await upcomingEvents(stripe);
    expect(events).toHaveLength(1);
    const upcoming = events[0]?.data.object as Stripe.Invoice;
    expect(upcoming).not.toHaveProperty('id');
    expect(upcoming).toMatchObject({
      object: 'invoice',
      customer: customer.id,
      billing_reason: 'subscription_cycle',
      status: 'draft',
      amount_due: 4000,
      total: 4000,
      parent: { subscription_details: { subscription: subscription.id } },
    });
    expect(upcoming.lines.data).toHaveLength(1);
    expect(upcoming.lines.data[0]).toMatchObject({
      amount: 4000,
      quantity: 2,
      period: { start: FEB_15, end: MAR_15 },
      pricing: { price_details: { price: price.id } },
    });

    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 });
    const renewal = (await stripe.invoices.list({ subscription: subscription.id, limit: 1 })).data[0];
    expect(renewal?.billing_reason).toBe('subscription_cycle');
    expect(renewal?.total).toBe(upcoming.total);
    expect(renewal?.lines.data[0]?.period).toEqual(upcoming.lines.data[0]?.period);
    expect(await upcomingEvents(stripe)).toHaveLength(1);
  });

  it('when the clock runs through two renewals, then each renewal gets its own invoice.upcoming', async () => {
    const { clock } = await subscribedOnClock(stripe);

    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: MAR_15 - 7 * DAY });

    const periods = (await upcomingEvents(stripe)).map((event) => event.data.object.lines.data[0]?.period);
    expect(periods).toEqual([
      { start: FEB_15, end: MAR_15 },
      { start: MAR_15, end: Date.UTC(2026, 3, 15, 12) / 1000 },
    ]);
  });

  it('when it is set to cancel at the period end, then no invoice.upcoming is sent', async () => {
    const { clock, subscription } = await subscribedOnClock(stripe);
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });

    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 - DAY });

    expect(await upcomingEvents(stripe)).toEqual([]);
  });

  it('when a downgrade is scheduled for the period end, then invoice.upcoming shows the cheaper price', async () => {
    const { clock, price, subscription } = await subscribedOnClock(stripe, 5000);
    const solo = await createMonthlyPrice(stripe, { unitAmount: 1500, productName: 'Solo' });
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id });
    const current = schedule.phases[0] as Stripe.SubscriptionSchedule.Phase;
    await stripe.subscriptionSchedules.update(schedule.id, {
      end_behavior: 'release',
      phases: [
        {
          items: [{ price: price.id, quantity: 2 }],
          start_date: current.start_date,
          end_date: current.end_date,
        },
        { items: [{ price: solo.id, quantity: 1 }], duration: { interval: 'month', interval_count: 1 } },
      ],
    });

    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 - DAY });

    const [event] = await upcomingEvents(stripe);
    expect(event?.data.object.total).toBe(1500);
    expect(event?.data.object.lines.data[0]?.pricing?.price_details?.price).toBe(solo.id);
  });
});

describe('given upcomingInvoiceDays: 3', () => {
  it('when the clock passes 7 and then 3 days before the renewal, then invoice.upcoming comes only at 3 days', async () => {
    const client = threeDays.stripe;
    const { clock } = await subscribedOnClock(client);

    await client.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 - 3 * DAY - 1 });
    expect(await upcomingEvents(client)).toEqual([]);
    await client.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 - 3 * DAY });

    const events = await upcomingEvents(client);
    expect(events).toHaveLength(1);
    expect(events[0]?.data.object.lines.data[0]?.period.start).toBe(FEB_15);
  });

  it('when the option is not a whole number of days, then the emulator does not start and says what to pass', async () => {
    await expect(startStripeEmulator({ port: 0, upcomingInvoiceDays: 0 })).rejects.toThrow(
      /upcomingInvoiceDays must be a whole number of days, 1 or more/,
    );
  });
});
