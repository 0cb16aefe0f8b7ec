import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createPayingCustomer, startEmulatorFixture } from '../../test/emulator-fixture.js';

const START = Date.UTC(2026, 3, 10, 8) / 1000; // 10 Apr 2026
const MAY_10 = Date.UTC(2026, 4, 10, 8) / 1000;
const JUN_10 = Date.UTC(2026, 5, 10, 8) / 1000;

const { stripe } = await startEmulatorFixture({ apiKey: 'sk_test_schedules' });

async function teamSubscription() {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START });
  const customer = await createPayingCustomer(stripe, clock.id);
  const product = await stripe.products.create({ name: 'Plans' });
  const team = await stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: 5000,
    recurring: { interval: 'month' },
  });
  const solo = await stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: 1500,
    recurring: { interval: 'month' },
  });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: team.id, quantity: 2 }],
  });
  return { clock, customer, team, solo, subscription };
}

/** The kit's downgrade at period end: schedule from the subscription, current phase, then the cheaper phase. */
async function scheduleDowngrade(subscription: Stripe.Subscription, team: Stripe.Price, solo: Stripe.Price) {
  const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id });
  const current = schedule.phases[0] as Stripe.SubscriptionSchedule.Phase;
  return stripe.subscriptionSchedules.update(schedule.id, {
    end_behavior: 'release',
    phases: [
      {
        items: [{ price: team.id, quantity: 2 }],
        start_date: current.start_date,
        end_date: current.end_date,
      },
      { items: [{ price: solo.id, quantity: 1 }], duration: { interval: 'month', interval_count: 1 } },
    ],
  });
}

describe('given an active subscription', () => {
  it('when a downgrade is scheduled for the period end, then the price changes only when the clock crosses it, and the schedule is released after its last phase', async () => {
    const { clock, team, solo, subscription } = await teamSubscription();
    const schedule = await scheduleDowngrade(subscription, team, solo);
    expect(schedule.status).toBe('active');
    expect(schedule.phases.map((phase) => [phase.start_date, phase.end_date])).toEqual([
      [START, MAY_10],
      [MAY_10, JUN_10],
    ]);
    const attached = await stripe.subscriptions.retrieve(subscription.id);
    expect(attached.schedule).toBe(schedule.id);
    expect(attached.items.data[0]?.price.id).toBe(team.id);

    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: MAY_10 - 60 });
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.price.id).toBe(team.id);

    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: MAY_10 + 60 });
    const downgraded = await stripe.subscriptions.retrieve(subscription.id);
    expect(downgraded.items.data[0]).toMatchObject({ id: subscription.items.data[0]?.id, quantity: 1 });
    expect(downgraded.items.data[0]?.price.id).toBe(solo.id);
    const [renewal] = (await stripe.invoices.list({ subscription: subscription.id })).data;
    expect(renewal).toMatchObject({
      amount_paid: 1500,
      billing_reason: 'subscription_cycle',
      created: MAY_10,
    });
    expect((await stripe.subscriptionSchedules.retrieve(schedule.id)).current_phase).toEqual({
      start_date: MAY_10,
      end_date: JUN_10,
    });

    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JUN_10 + 60 });
    const released = await stripe.subscriptionSchedules.retrieve(schedule.id);
    expect(released).toMatchObject({
      status: 'released',
      released_subscription: subscription.id,
      subscription: null,
    });
    const after = await stripe.subscriptions.retrieve(subscription.id);
    expect(after.schedule).toBeNull();
    expect(after.status).toBe('active');
    expect(after.items.data[0]?.price.id).toBe(solo.id);
    const types = (await stripe.events.list({ limit: 100 })).data.map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'subscription_schedule.created',
        'subscription_schedule.updated',
        'subscription_schedule.released',
      ]),
    );
  });

  it('when the scheduled downgrade is released before the period end, then the subscription renews at its current price', async () => {
    const { clock, team, solo, subscription } = await teamSubscription();
    const schedule = await scheduleDowngrade(subscription, team, solo);

    const released = await stripe.subscriptionSchedules.release(schedule.id);
    expect(released.status).toBe('released');
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: MAY_10 + 60 });

    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.schedule).toBeNull();
    expect(renewed.items.data[0]?.price.id).toBe(team.id);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data[0]?.amount_paid).toBe(10000);
  });

  it('when the schedule is canceled, then its subscription is canceled too', async () => {
    const { team, solo, subscription } = await teamSubscription();
    const schedule = await scheduleDowngrade(subscription, team, solo);

    const canceled = await stripe.subscriptionSchedules.cancel(schedule.id);

    expect(canceled.status).toBe('canceled');
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('canceled');
    const types = (await stripe.events.list({ limit: 100 })).data.map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining(['subscription_schedule.canceled', 'customer.subscription.deleted']),
    );
  });

  it('when the first phase does not keep the current start, then the update is a 400', async () => {
    const { team, subscription } = await teamSubscription();
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id });
    await expect(
      stripe.subscriptionSchedules.update(schedule.id, {
        phases: [{ items: [{ price: team.id }], start_date: START + 100 }],
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'phases[0][start_date]' });
  });
});
