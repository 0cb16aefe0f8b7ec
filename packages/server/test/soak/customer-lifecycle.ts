import { billingRoutes, type SubscriptionSummary } from '@billing-kit/core';
import Stripe from 'stripe';
import type { z } from 'zod';
import { pick, seededRandom } from './seeded-random.js';

/** The prices a soak customer can pick, and the header the soak's host reads the signed-in customer from. */
export interface SoakCatalog {
  starterMonthly: string;
  starterYearly: string;
  /** Monthly, with a 14-day trial on the price. */
  proMonthly: string;
  /** Per seat, monthly. */
  teamSeat: string;
}

/** What the lifecycles share: the billing API, Stripe as the customer's browser and the test clocks see it. */
export interface SoakDriver {
  /** Base URL of the billing API, e.g. `http://127.0.0.1:1234/api/billing`. */
  apiUrl: string;
  customerHeader: string;
  catalog: SoakCatalog;
  /** The SDK for what is not the server's job: test clocks, and confirming intents as Stripe.js would. */
  stripe: Stripe;
  emulatorUrl: string;
  tally: SoakTally;
}

/** Counts across all lifecycles, printed at the end of the soak. */
export interface SoakTally {
  actions: Record<string, number>;
  /** Milliseconds spent per action, all customers together. */
  actionMs: Record<string, number>;
  /** Route calls answered 502/503/409-retryable and sent again with the same Idempotency-Key. */
  retriedCalls: number;
  /** Refusals a customer can meet (4xx with a typed code), by code. */
  refusals: Record<string, number>;
  /** 500 `internal_error` answers: a bug if any. */
  internalErrors: string[];
  /** Answers that did not match the contract's schema: a bug if any. */
  contractViolations: string[];
  /** Lifecycles that stopped on something a customer should never meet (a refused start, a thrown error). */
  brokenLifecycles: string[];
}

/** A fresh tally. */
export function emptyTally(): SoakTally {
  return {
    actions: {},
    actionMs: {},
    retriedCalls: 0,
    refusals: {},
    internalErrors: [],
    contractViolations: [],
    brokenLifecycles: [],
  };
}

const DAY = 86_400;
const GOOD_CARDS = ['pm_card_visa', 'pm_card_mastercard', 'pm_card_amex'] as const;

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`${status} ${code}`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One customer living through a random lifecycle, driven through the billing API exactly as the UI drives it:
 * subscribe (good, declined or 3D Secure card; a trial on Pro), then a few of: upgrade, downgrade, seat and interval
 * changes, undoing a scheduled change, card updates, a card that fails the next renewal, test-clock months passing
 * (renewals), paying a past-due invoice with a new card, cancelling and resuming. Every mutation carries an
 * Idempotency-Key and is sent again with the same key when the server says it may be retried.
 */
export class CustomerLifecycle {
  private readonly random: () => number;
  customerId = '';
  private clockId = '';
  private frozenTime = 0;
  private subscriptionId: string | null = null;
  private keySequence = 0;

  constructor(
    private readonly driver: SoakDriver,
    readonly index: number,
    seed: number,
  ) {
    this.random = seededRandom(seed * 1_000_003 + index);
  }

  private count(action: string): void {
    this.driver.tally.actions[action] = (this.driver.tally.actions[action] ?? 0) + 1;
  }

  /**
   * Calls one route of core's `billingRoutes` (its method, path and response schema); retries what the server marks
   * retryable, with the same Idempotency-Key; throws `Refused` on a 4xx.
   */
  private async call<Name extends keyof typeof billingRoutes>(
    name: Name,
    options: { id?: string; body?: unknown } = {},
  ): Promise<z.infer<(typeof billingRoutes)[Name]['response']>> {
    const route = billingRoutes[name];
    const { method } = route;
    const path = route.path.replace(':id', encodeURIComponent(options.id ?? ''));
    const { body } = options;
    const schema = route.response as unknown as z.ZodType<z.infer<(typeof billingRoutes)[Name]['response']>>;
    this.keySequence += 1;
    const key = method === 'GET' ? undefined : `soak-${this.customerId}-${this.keySequence}`;
    for (let attempt = 1; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetch(`${this.driver.apiUrl}${path}`, {
          method,
          headers: {
            [this.driver.customerHeader]: this.customerId,
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...(key === undefined ? {} : { 'Idempotency-Key': key }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (error) {
        // The connection dropped (a busy machine): the customer's browser sends it again, with the same key.
        if (attempt >= 12) throw error;
        await sleep(Math.min(100 * 2 ** attempt, 2000));
        continue;
      }
      const text = await response.text();
      if (response.ok) {
        const parsed = schema.safeParse(JSON.parse(text));
        if (!parsed.success) {
          this.driver.tally.contractViolations.push(`${method} ${path}: ${text.slice(0, 300)}`);
          throw new Error(`${method} ${path} answered outside the contract: ${text.slice(0, 300)}`);
        }
        return parsed.data;
      }
      const error = (JSON.parse(text) as { error?: { code?: string; retryable?: boolean } }).error ?? {};
      const code = error.code ?? 'unknown';
      if (response.status === 500) this.driver.tally.internalErrors.push(`${method} ${path}: ${text}`);
      const retryable = response.status >= 500 || error.retryable === true;
      if (retryable && attempt < 12) {
        this.driver.tally.retriedCalls += 1;
        await sleep(Math.min(50 * 2 ** attempt, 1500) * (0.5 + this.random()));
        continue;
      }
      this.driver.tally.refusals[code] = (this.driver.tally.refusals[code] ?? 0) + 1;
      throw new Refused(response.status, code);
    }
  }

  /** Runs `work`, adding its time to the tally's `actionMs[action]`. */
  private async timed(action: string, work: () => Promise<void>): Promise<void> {
    const began = Date.now();
    try {
      await work();
    } finally {
      const { actionMs } = this.driver.tally;
      actionMs[action] = (actionMs[action] ?? 0) + Date.now() - began;
    }
  }

  /** Runs the whole lifecycle. Refusals a real customer can meet end the step, not the lifecycle. */
  async live(steps: number): Promise<void> {
    await this.timed('sign-up', () => this.signUp());
    await this.timed('subscribe', () => this.subscribe());
    for (let step = 0; step < steps; step += 1) {
      const action = pick(this.random, [
        'upgrade',
        'downgrade',
        'seats',
        'interval',
        'card',
        'failing-card',
        'month',
        'month',
        'cancel',
        'resume',
        'undo-scheduled-change',
        'remove-card',
      ] as const);
      await this.timed(action, async () => {
        try {
          await this.act(action);
        } catch (error) {
          if (!(error instanceof Refused)) throw error;
        }
      });
    }
  }

  private async signUp(): Promise<void> {
    const { stripe } = this.driver;
    this.frozenTime = Math.floor(Date.now() / 1000);
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: this.frozenTime });
    this.clockId = clock.id;
    const customer = await stripe.customers.create({
      email: `soak-${this.index}@example.com`,
      test_clock: clock.id,
    });
    this.customerId = customer.id;
  }

  private async subscribe(): Promise<void> {
    const { catalog } = this.driver;
    const choice = this.random();
    const [priceId, quantity] =
      choice < 0.4
        ? [catalog.starterMonthly, 1]
        : choice < 0.55
          ? [catalog.starterYearly, 1]
          : choice < 0.75
            ? [catalog.proMonthly, 1]
            : [catalog.teamSeat, 1 + Math.floor(this.random() * 5)];
    const card = this.random();
    this.count('subscribe');
    const started = await this.call('startSubscription', { body: { priceId, quantity } });
    this.subscriptionId = started.subscriptionId;
    if (started.intentType === 'payment' && started.clientSecret) {
      const intentId = started.clientSecret.split('_secret_')[0] ?? '';
      if (card < 0.15) {
        this.count('subscribe:declined-then-good-card');
        await this.driver.stripe.paymentIntents
          .confirm(intentId, { payment_method: 'pm_card_chargeDeclined' })
          .catch((error: unknown) => {
            if (!(error instanceof Stripe.errors.StripeCardError)) throw error;
          });
        await this.confirmPayment(intentId, started.clientSecret, 'pm_card_visa');
      } else if (card < 0.3) {
        this.count('subscribe:3ds');
        await this.confirmPayment(intentId, started.clientSecret, 'pm_card_threeDSecure2Required');
      } else {
        await this.confirmPayment(intentId, started.clientSecret, pick(this.random, GOOD_CARDS));
      }
    } else if (started.intentType === 'setup' && started.clientSecret) {
      this.count('subscribe:trial');
      const intentId = started.clientSecret.split('_secret_')[0] ?? '';
      await this.driver.stripe.setupIntents.confirm(intentId, { payment_method: 'pm_card_visa' });
    }
    await this.call('confirmSubscription', { id: started.subscriptionId, body: {} }).catch(
      (error: unknown) => {
        if (!(error instanceof Refused)) throw error;
      },
    );
  }

  /** Confirms a PaymentIntent as Stripe.js does, completing a 3D Secure challenge when the bank asks for one. */
  private async confirmPayment(intentId: string, clientSecret: string, paymentMethod: string): Promise<void> {
    const confirmed = await this.driver.stripe.paymentIntents.confirm(intentId, {
      payment_method: paymentMethod,
    });
    if (confirmed.status === 'requires_action') await this.authenticate(intentId, clientSecret);
  }

  /** The customer passes the bank's challenge (what the fake Stripe.js's dialog posts). */
  private async authenticate(intentId: string, clientSecret: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const answer = await fetch(`${this.driver.emulatorUrl}/v1/payment_intents/${intentId}/authenticate`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer sk_test_soak_driver',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ outcome: 'complete', client_secret: clientSecret }),
      });
      if (answer.ok) return;
      // An injected Stripe failure: the customer clicks again.
      if (answer.status < 500 || attempt >= 8) {
        throw new Error(`3D Secure authentication failed: ${answer.status} ${await answer.text()}`);
      }
      await sleep(50 * attempt);
    }
  }

  private async current(): Promise<SubscriptionSummary | null> {
    const { subscriptions } = await this.call('listSubscriptions');
    return subscriptions.find((subscription) => subscription.id === this.subscriptionId) ?? null;
  }

  private async act(action: string): Promise<void> {
    const { catalog } = this.driver;
    const subscription = await this.current();
    switch (action) {
      case 'upgrade':
        return this.changePlan(subscription, catalog.teamSeat, 2 + Math.floor(this.random() * 4), 'upgrade');
      case 'downgrade':
        return this.changePlan(subscription, catalog.starterMonthly, 1, 'downgrade');
      case 'seats':
        if (subscription?.priceId !== catalog.teamSeat) return;
        return this.changePlan(subscription, catalog.teamSeat, 1 + Math.floor(this.random() * 8), 'seats');
      case 'interval':
        return this.changePlan(
          subscription,
          subscription?.priceId === catalog.starterYearly ? catalog.starterMonthly : catalog.starterYearly,
          1,
          'interval',
        );
      case 'card':
        return this.addCard(pick(this.random, GOOD_CARDS), 'card');
      case 'failing-card':
        // Attaches fine, fails every charge: the next renewal fails and the subscription goes past due.
        return this.addCard('pm_card_chargeCustomerFail', 'failing-card');
      case 'month':
        return this.passAMonth();
      case 'cancel':
        if (!subscription || subscription.cancelAtPeriodEnd) return;
        this.count('cancel');
        await this.call('cancelSubscription', { id: subscription.id, body: {} });
        return;
      case 'resume':
        if (!subscription?.cancelAtPeriodEnd) return;
        this.count('resume');
        await this.call('resumeSubscription', { id: subscription.id, body: {} });
        return;
      case 'undo-scheduled-change':
        if (!subscription?.scheduledChange) return;
        this.count('undo-scheduled-change');
        await this.call('cancelScheduledChange', { id: subscription.id, body: {} });
        return;
      case 'remove-card': {
        const { paymentMethods } = await this.call('listPaymentMethods');
        const spare = paymentMethods.find((method) => !method.isDefault);
        if (!spare) return;
        this.count('remove-card');
        await this.call('removePaymentMethod', { id: spare.id });
        return;
      }
      default:
        throw new Error(`Unknown soak action ${action}`);
    }
  }

  /** Previews a change, accepts it with the preview's proration date, and authenticates when the bank asks. */
  private async changePlan(
    subscription: SubscriptionSummary | null,
    priceId: string,
    quantity: number,
    label: string,
  ): Promise<void> {
    if (!subscription || (subscription.priceId === priceId && subscription.quantity === quantity)) return;
    this.count(label);
    const preview = await this.call('previewPlanChange', {
      id: subscription.id,
      body: { priceId, quantity },
    });
    const changed = await this.call('changePlan', {
      id: subscription.id,
      body: { priceId, quantity, prorationDate: preview.prorationDate },
    });
    if (changed.outcome === 'requires_action' && changed.paymentAction) {
      const intentId = changed.paymentAction.clientSecret.split('_secret_')[0] ?? '';
      await this.authenticate(intentId, changed.paymentAction.clientSecret);
      await this.call('confirmSubscription', { id: subscription.id, body: {} });
    }
  }

  /** Saves a card through a SetupIntent, as the payment-method updater does, and makes it the default. */
  private async addCard(paymentMethod: string, label: string): Promise<void> {
    this.count(label);
    const setup = await this.call('createSetupIntent', { body: {} });
    await this.driver.stripe.setupIntents.confirm(setup.setupIntentId, { payment_method: paymentMethod });
    await this.call('completeSetupIntent', {
      body: { setupIntentId: setup.setupIntentId, makeDefault: true },
    });
  }

  /**
   * Moves the customer's test clock a month and a day on (a renewal; a failing default card makes it fail), then
   * most of the time recovers a past-due subscription: a new card, and the open invoice paid with it.
   */
  private async passAMonth(): Promise<void> {
    this.count('month');
    const { stripe } = this.driver;
    this.frozenTime += 31 * DAY + 3600;
    await stripe.testHelpers.testClocks.advance(this.clockId, { frozen_time: this.frozenTime });
    for (let waited = 0; waited < 30_000; waited += 25) {
      const clock = await stripe.testHelpers.testClocks.retrieve(this.clockId);
      if (clock.status === 'ready') break;
      await sleep(25);
    }
    const { invoices } = await this.call('listInvoices');
    const open = invoices.find((invoice) => invoice.status === 'open');
    if (!open || this.random() < 0.3) return;
    this.count('recover-past-due');
    await this.addCard('pm_card_visa', 'card');
    const paid = await this.call('payInvoice', { id: open.id, body: {} });
    if (paid.status === 'requires_action') {
      await this.authenticate(paid.clientSecret.split('_secret_')[0] ?? '', paid.clientSecret);
    }
  }
}
