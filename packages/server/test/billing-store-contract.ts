import type { Price } from '@billing-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingStore, SubscriptionMirrorRow } from '../src/index.js';

/** A unique id, so tests sharing one store never see each other's rows. */
function uid(prefix: string) {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 14)}`;
}

function subscriptionRow(overrides: Partial<SubscriptionMirrorRow> = {}): SubscriptionMirrorRow {
  return {
    id: uid('sub'),
    customerId: uid('cus'),
    status: 'active',
    planId: 'prod_a',
    planName: 'A',
    priceId: 'price_a',
    interval: 'month',
    currency: 'usd',
    unitAmount: 1000,
    quantity: 1,
    currentPeriodStart: 1_900_000_000,
    currentPeriodEnd: 4_102_444_800, // 2100: past int4 on purpose
    cancelAtPeriodEnd: false,
    trialEnd: null,
    syncedAt: 1_900_000_000,
    scheduledChange: null,
    nextInvoice: { amount: 1000, date: 4_102_444_800 },
    latestInvoiceStatus: 'paid',
    pastDueSince: null,
    version: 1_900_000_000_000,
    ...overrides,
  };
}

function price(productId: string, overrides: Partial<Price> = {}): Price {
  return {
    id: uid('price'),
    productId,
    currency: 'usd',
    unitAmount: 1500,
    interval: 'month',
    intervalCount: 1,
    billingScheme: 'per_unit',
    tiersMode: null,
    tiers: [],
    lookupKey: null,
    trialPeriodDays: null,
    ...overrides,
  };
}

const summaryOf = ({ version: _version, customerId: _customerId, ...summary }: SubscriptionMirrorRow) =>
  summary;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The behaviour every {@link BillingStore} must have, run against each implementation (PGlite and PostgreSQL) so
 * they cannot drift apart. `openStore` is called once per suite; tests use unique ids.
 */
export function describeBillingStore(name: string, openStore: () => Promise<BillingStore>) {
  describe(`BillingStore contract: ${name}`, () => {
    let store: BillingStore;
    beforeAll(async () => {
      store = await openStore();
    });
    afterAll(async () => {
      await store?.close();
    });

    describe('the catalog', () => {
      it('stores a product with its prices in order and replaces them on the next save', async () => {
        const productId = uid('prod');
        const monthly = price(productId);
        const yearly = price(productId, { interval: 'year', unitAmount: 15_000 });
        await store.saveCatalogProduct({
          id: productId,
          name: 'Team',
          description: null,
          active: true,
          prices: [monthly, yearly],
        });
        const saved = (await store.listCatalogProducts()).find((product) => product.id === productId);
        expect(saved).toEqual({
          id: productId,
          name: 'Team',
          description: null,
          active: true,
          prices: [monthly, yearly],
        });
        expect(await store.findCatalogPrice(yearly.id)).toEqual(yearly);
        expect(await store.findCatalogProduct(productId)).toEqual(saved);
        expect(await store.findCatalogProduct(uid('prod'))).toBeNull();

        await store.saveCatalogProduct({
          id: productId,
          name: 'Team 2',
          description: 'd',
          active: false,
          prices: [yearly],
        });
        expect((await store.listCatalogProducts()).find((product) => product.id === productId)).toMatchObject(
          {
            name: 'Team 2',
            active: false,
            prices: [yearly],
          },
        );
        expect(await store.findCatalogPrice(monthly.id)).toBeNull();
        expect(await store.findCatalogProduct(productId)).toMatchObject({ name: 'Team 2', prices: [yearly] });
      });
    });

    describe('the subscription mirror', () => {
      it('round-trips every field, bigints past int4 included', async () => {
        const row = subscriptionRow({ trialEnd: 4_102_444_800, cancelAtPeriodEnd: true });
        expect(await store.upsertSubscription(row)).toBe(true);
        expect(await store.getSubscriptions(row.customerId)).toEqual([summaryOf(row)]);
        expect(await store.listSubscriptionRows({ customerId: row.customerId })).toEqual([row]);
        expect(await store.getSubscriptions(uid('cus_nobody'))).toEqual([]);
      });

      it('ignores an older version, and lets a newer or equal one win (the later write of a tie)', async () => {
        const row = subscriptionRow();
        await store.upsertSubscription(row);
        expect(
          await store.upsertSubscription({ ...row, status: 'incomplete', version: row.version - 1 }),
        ).toBe(false);
        expect((await store.getSubscriptions(row.customerId))[0]?.status).toBe('active');
        expect(await store.upsertSubscription({ ...row, status: 'past_due', version: row.version })).toBe(
          true,
        );
        expect((await store.getSubscriptions(row.customerId))[0]?.status).toBe('past_due');
        expect(await store.upsertSubscription({ ...row, status: 'canceled', version: row.version + 1 })).toBe(
          true,
        );
        expect((await store.getSubscriptions(row.customerId))[0]?.status).toBe('canceled');
      });

      it('keeps the newest of many concurrent writes of one subscription, whatever order they commit in', async () => {
        const row = subscriptionRow();
        const versions = Array.from({ length: 20 }, (_, index) => row.version + index).sort(
          () => Math.random() - 0.5,
        );
        await Promise.all(
          versions.map((version) =>
            store.upsertSubscription({ ...row, quantity: version - row.version + 1, version }),
          ),
        );
        const [stored] = await store.listSubscriptionRows({ customerId: row.customerId });
        expect(stored).toMatchObject({ version: row.version + 19, quantity: 20 });
      });

      it('lists rows of every customer and deletes one', async () => {
        const first = subscriptionRow();
        const second = subscriptionRow();
        await store.upsertSubscription(first);
        await store.upsertSubscription(second);
        const ids = (await store.listSubscriptionRows()).map((row) => row.id);
        expect(ids).toEqual(expect.arrayContaining([first.id, second.id]));
        await store.deleteSubscription(first.id);
        expect(await store.getSubscriptions(first.customerId)).toEqual([]);
        expect(await store.getSubscriptions(second.customerId)).toHaveLength(1);
      });
    });

    describe('the webhook ledger', () => {
      const claim = (leaseMs = 60_000) => ({ token: crypto.randomUUID(), leaseMs });
      const entry = async (id: string) => (await store.listWebhookEvents()).find((event) => event.id === id);

      it('records the first delivery, counts later ones, and keeps type, times, attempts and errors', async () => {
        const id = uid('evt');
        const first = await store.recordWebhookEvent({
          id,
          type: 'invoice.paid',
          receivedAt: new Date(1_000),
        });
        expect(first).toEqual({
          id,
          type: 'invoice.paid',
          receivedAt: new Date(1_000),
          attempts: 1,
          lastError: null,
          appliedAt: null,
          claimed: false,
        });
        await store.recordWebhookEvent({ id, type: 'invoice.paid', receivedAt: new Date(5_000) });
        await store.markWebhookEventFailed(id, 'StripeConnectionError: down');
        expect(await entry(id)).toEqual({
          id,
          type: 'invoice.paid',
          receivedAt: new Date(1_000),
          attempts: 2,
          lastError: 'StripeConnectionError: down',
          appliedAt: null,
        });
        expect(await store.markWebhookEventApplied(id, new Date(9_000))).toBe(true);
        expect(await store.markWebhookEventApplied(id, new Date(12_000))).toBe(false);
        expect(await entry(id)).toMatchObject({ lastError: null, appliedAt: new Date(9_000) });
      });

      it('gives the claim to exactly one of 20 concurrent deliveries and none once applied', async () => {
        const id = uid('evt');
        const results = await Promise.all(
          Array.from({ length: 20 }, () =>
            store.recordWebhookEvent(
              { id, type: 'invoice.paid', receivedAt: new Date(), payload: '{"id":"x"}' },
              claim(),
            ),
          ),
        );
        expect(results.filter((result) => result.claimed)).toHaveLength(1);
        expect(await entry(id)).toMatchObject({ attempts: 20, appliedAt: null });
        await store.markWebhookEventApplied(id, new Date());
        const later = await store.recordWebhookEvent(
          { id, type: 'invoice.paid', receivedAt: new Date() },
          claim(),
        );
        expect(later).toMatchObject({ claimed: false, attempts: 21, appliedAt: expect.any(Date) });
        expect(await store.claimWebhookEvent(id, claim())).toBe(false);
      });

      it('releases only its own claim on failure, and lets anyone take over a claim whose lease ran out', async () => {
        const id = uid('evt');
        const mine = claim();
        expect(
          (await store.recordWebhookEvent({ id, type: 't', receivedAt: new Date(), payload: '{}' }, mine))
            .claimed,
        ).toBe(true);
        expect(await store.claimWebhookEvent(id, claim())).toBe(false);
        await store.markWebhookEventFailed(id, 'someone else', 'not-my-token');
        expect(await store.claimWebhookEvent(id, claim())).toBe(false);
        await store.markWebhookEventFailed(id, 'boom', mine.token);
        expect(await entry(id)).toMatchObject({ lastError: 'boom', appliedAt: null });

        // Long enough that a busy machine still sees it live on the next line, short enough to wait out.
        const short = claim(1_000);
        expect(await store.claimWebhookEvent(id, short)).toBe(true);
        expect(await store.claimWebhookEvent(id, claim())).toBe(false);
        await sleep(1_100);
        const takeover = claim();
        expect(await store.claimWebhookEvent(id, takeover)).toBe(true);

        // The claimant that was taken over finishes late: its mark records nothing; the new claimant's does.
        expect(await store.markWebhookEventApplied(id, new Date(1_000), short.token)).toBe(false);
        expect(await entry(id)).toMatchObject({ appliedAt: null });
        expect(await store.markWebhookEventApplied(id, new Date(2_000), takeover.token)).toBe(true);
        expect(await entry(id)).toMatchObject({ appliedAt: new Date(2_000), lastError: null });
        expect(await store.markWebhookEventApplied(id, new Date(3_000), takeover.token)).toBe(false);
      });

      it('lists unapplied, unclaimed events with their payload, oldest first, and forgets the payload once applied', async () => {
        const older = uid('evt');
        const newer = uid('evt');
        const held = uid('evt');
        const payload = (id: string) =>
          JSON.stringify({ id, object: 'event', data: { object: { id: 'sub_1' } } });
        await store.recordWebhookEvent({
          id: older,
          type: 'a',
          receivedAt: new Date(Date.now() - 2_000),
          payload: payload(older),
        });
        await store.recordWebhookEvent({
          id: newer,
          type: 'b',
          receivedAt: new Date(Date.now() - 1_000),
          payload: payload(newer),
        });
        await store.recordWebhookEvent(
          { id: held, type: 'c', receivedAt: new Date(Date.now() - 1_500), payload: payload(held) },
          claim(),
        );
        const pending = (await store.listPendingWebhookEvents(1_000)).filter((event) =>
          [older, newer, held].includes(event.id),
        );
        expect(pending.map((event) => [event.id, event.type])).toEqual([
          [older, 'a'],
          [newer, 'b'],
        ]);
        expect(JSON.parse(pending[0]?.payload ?? 'null')).toEqual(JSON.parse(payload(older)));
        await store.markWebhookEventApplied(older, new Date());
        expect((await store.listPendingWebhookEvents(1_000)).map((event) => event.id)).not.toContain(older);
      });
    });

    describe('idempotent requests', () => {
      const timing = { staleAfterMs: 60_000, retentionMs: 60_000 };
      const begin = (key: string, fingerprint = 'fp-1', token = crypto.randomUUID(), times = timing) =>
        store.beginIdempotentRequest({ key, fingerprint, token }, times);
      const answer = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };

      it('acquires a new key, reports it in progress to others, then replays the stored answer', async () => {
        const key = uid('idem');
        const token = crypto.randomUUID();
        const first = await begin(key, 'fp-1', token);
        expect(first).toMatchObject({
          acquired: true,
          record: { key, fingerprint: 'fp-1', completedAt: null, answer: null },
        });
        expect(await begin(key)).toMatchObject({
          acquired: false,
          record: { completedAt: null, answer: null },
        });

        expect(await store.completeIdempotentRequest(key, 'not-my-token', answer)).toBe(false);
        expect(await store.completeIdempotentRequest(key, token, answer)).toBe(true);
        const resent = await begin(key);
        expect(resent).toEqual({
          acquired: false,
          record: {
            key,
            fingerprint: 'fp-1',
            createdAt: first.record.createdAt,
            startedAt: first.record.startedAt,
            completedAt: expect.any(Date),
            answer,
          },
        });
        // A different request with the key: not acquired, and its fingerprint tells the caller so.
        expect(await begin(key, 'fp-2')).toMatchObject({ acquired: false, record: { fingerprint: 'fp-1' } });
      });

      it('stores 4xx answers and an empty body, and keeps keys apart', async () => {
        const key = uid('idem');
        const other = uid('idem');
        const token = crypto.randomUUID();
        await begin(key, 'fp', token);
        expect((await begin(other)).acquired).toBe(true);
        const refusal = { status: 409, headers: {}, body: '' };
        await store.completeIdempotentRequest(key, token, refusal);
        expect((await begin(key, 'fp')).record.answer).toEqual(refusal);
        expect((await begin(other)).record.answer).toBeNull();
      });

      it('lets exactly one of 20 concurrent first requests run', async () => {
        const key = uid('idem');
        const results = await Promise.all(Array.from({ length: 20 }, () => begin(key)));
        expect(results.filter((result) => result.acquired)).toHaveLength(1);
      });

      it('frees an abandoned key (a failed request) for the next try, but only for its holder', async () => {
        const key = uid('idem');
        const token = crypto.randomUUID();
        await begin(key, 'fp-1', token);
        await store.abandonIdempotentRequest(key, 'not-my-token');
        expect((await begin(key)).acquired).toBe(false);
        await store.abandonIdempotentRequest(key, token);
        // Freed: even another request may use the key now.
        expect((await begin(key, 'fp-2')).acquired).toBe(true);
      });

      it('lets the same request take over a run left in progress too long; the late runner stores nothing', async () => {
        const key = uid('idem');
        const late = crypto.randomUUID();
        const short = { staleAfterMs: 1_000, retentionMs: 60_000 };
        await begin(key, 'fp-1', late, short);
        expect((await begin(key, 'fp-1', crypto.randomUUID(), short)).acquired).toBe(false);
        await sleep(1_100);
        expect((await begin(key, 'fp-2', crypto.randomUUID(), short)).acquired).toBe(false);
        const takeover = crypto.randomUUID();
        expect((await begin(key, 'fp-1', takeover, short)).acquired).toBe(true);

        expect(await store.completeIdempotentRequest(key, late, answer)).toBe(false);
        expect(await store.completeIdempotentRequest(key, takeover, answer)).toBe(true);
        // A completed answer is never taken over, however old.
        await sleep(1_100);
        expect(await begin(key, 'fp-1', crypto.randomUUID(), short)).toMatchObject({
          acquired: false,
          record: { answer },
        });
      });

      it('forgets records older than the retention', async () => {
        const key = uid('idem');
        const token = crypto.randomUUID();
        await begin(key, 'fp-1', token);
        await store.completeIdempotentRequest(key, token, answer);
        await sleep(1_100);
        const fresh = await begin(key, 'fp-2', crypto.randomUUID(), {
          staleAfterMs: 60_000,
          retentionMs: 1_000,
        });
        expect(fresh).toMatchObject({ acquired: true, record: { fingerprint: 'fp-2', answer: null } });
      });
    });
  });
}
