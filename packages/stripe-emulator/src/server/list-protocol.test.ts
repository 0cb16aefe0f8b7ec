import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { startEmulatorFixture } from '../../test/emulator-fixture.js';

const { emulator, stripe } = await startEmulatorFixture({
  apiKey: 'sk_test_lists',
  sdk: { maxNetworkRetries: 0 },
});

async function createProducts(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 1; index <= count; index += 1)
    ids.push((await stripe.products.create({ name: `P${index}` })).id);
  return ids;
}

describe('given list pagination', () => {
  it('when paging forward with starting_after and back with ending_before, then pages and has_more match Stripe', async () => {
    const [p1, p2, p3, p4, p5] = await createProducts(5);

    const first = await stripe.products.list({ limit: 2 });
    const second = await stripe.products.list({ limit: 2, starting_after: first.data[1]?.id as string });
    const last = await stripe.products.list({ limit: 2, starting_after: p2 as string });
    const backFromOldest = await stripe.products.list({ limit: 2, ending_before: p1 as string });
    const backToNewest = await stripe.products.list({ limit: 2, ending_before: p3 as string });

    const ids = (list: Stripe.ApiList<Stripe.Product>) => list.data.map((product) => product.id);
    expect([ids(first), first.has_more]).toEqual([[p5, p4], true]);
    expect([ids(second), second.has_more]).toEqual([[p3, p2], true]);
    expect([ids(last), last.has_more]).toEqual([[p1], false]);
    expect([ids(backFromOldest), backFromOldest.has_more]).toEqual([[p3, p2], true]);
    expect([ids(backToNewest), backToNewest.has_more]).toEqual([[p5, p4], false]);
    expect(first.url).toBe('/v1/products');
  });

  it('when the SDK auto-paginates, then it walks every page in order', async () => {
    const created = await createProducts(7);

    const all = await stripe.products.list({ limit: 3 }).autoPagingToArray({ limit: 100 });

    expect(all.map((product) => product.id)).toEqual([...created].reverse());
  });

  it.each([0, 101, -1])('when limit is %i, then it is a 400 naming limit', async (limit) => {
    await expect(stripe.products.list({ limit })).rejects.toMatchObject({ statusCode: 400, param: 'limit' });
  });

  it('when a cursor does not exist, then it is a 400 resource_missing naming it', async () => {
    await expect(stripe.products.list({ starting_after: 'prod_nope' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'starting_after',
    });
  });
});

describe('given expand on lists', () => {
  it('when listing subscriptions with data.default_payment_method and data.customer, then each item is expanded', async () => {
    const product = await stripe.products.create({ name: 'Pro' });
    const price = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1500,
      recurring: { interval: 'month' },
    });
    const customer = await stripe.customers.create({ email: 'expand@example.com' });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'default_incomplete',
      payment_settings: { save_default_payment_method: 'on_subscription' },
      expand: ['latest_invoice.confirmation_secret'],
    });
    const secret = (subscription.latest_invoice as Stripe.Invoice).confirmation_secret
      ?.client_secret as string;
    await stripe.paymentIntents.confirm(secret.split('_secret_')[0] as string, {
      payment_method: 'pm_card_visa',
    });

    const plain = await stripe.subscriptions.list({ customer: customer.id });
    const expanded = await stripe.subscriptions.list({
      customer: customer.id,
      expand: ['data.default_payment_method', 'data.customer'],
    });

    expect(typeof plain.data[0]?.default_payment_method).toBe('string');
    const item = expanded.data[0] as Stripe.Subscription;
    expect(item.default_payment_method).toMatchObject({ object: 'payment_method', card: { last4: '4242' } });
    expect(item.customer).toMatchObject({ object: 'customer', id: customer.id });
  });

  it('when expanding a property that cannot be expanded, then it is a 400 naming expand', async () => {
    await createProducts(1);

    await expect(stripe.products.list({ expand: ['data.name'] })).rejects.toMatchObject({
      statusCode: 400,
      param: 'expand',
    });
  });
});

describe('given the events API', () => {
  it('when listing with type, types[] or created bounds, then only matching events come back', async () => {
    const customer = await stripe.customers.create({ email: 'early@example.com' });
    const product = await stripe.products.create({ name: 'Early' });
    const advanced = emulator.control.advanceClock({ seconds: 1000 });
    const later = await stripe.customers.create({ email: 'late@example.com' });

    const byType = await stripe.events.list({ type: 'customer.created' });
    const byTypes = await stripe.events.list({ types: ['product.created', 'customer.created'] });
    const wildcard = await stripe.events.list({ type: 'product.*' });
    const recent = await stripe.events.list({ created: { gte: advanced.now } });
    const old = await stripe.events.list({ created: { lt: advanced.now } });
    const exact = await stripe.events.list({ created: later.created, type: 'customer.created' });

    const objectIds = (list: Stripe.ApiList<Stripe.Event>) =>
      list.data.map((event) => (event.data.object as { id: string }).id);
    expect(objectIds(byType)).toEqual([later.id, customer.id]);
    expect(objectIds(byTypes)).toEqual([later.id, product.id, customer.id]);
    expect(objectIds(wildcard)).toEqual([product.id]);
    expect(objectIds(recent)).toEqual([later.id]);
    expect(objectIds(old)).toEqual([product.id, customer.id]);
    expect(objectIds(exact)).toEqual([later.id]);
    expect(byType.data.every((event) => event.livemode === false && event.object === 'event')).toBe(true);
  });

  it('when type and types are both given, or created is malformed, then it is a 400 naming the parameter', async () => {
    await expect(
      stripe.events.list({ type: 'customer.created', types: ['product.created'] }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'types' });
    await expect(
      stripe.events.list({ created: { after: 1 } } as unknown as Stripe.EventListParams),
    ).rejects.toMatchObject({ statusCode: 400, param: 'created[after]' });
  });

  it('when retrieving an event, then it is the stored event; an unknown id is a 404', async () => {
    await stripe.customers.create({ email: 'ev@example.com' });
    const [event] = (await stripe.events.list({ limit: 1 })).data;

    const retrieved = await stripe.events.retrieve(event?.id as string);

    expect(retrieved).toMatchObject({
      id: event?.id,
      type: 'customer.created',
      api_version: expect.any(String),
    });
    await expect(stripe.events.retrieve('evt_nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
  });
});
