import type {
  CatalogResponse,
  InvoiceSummary,
  PaymentMethodSummary,
  Plan,
  Price,
  SubscriptionStatus,
  SubscriptionSummary,
} from '@billing-kit/core';
import { describeCard, type TestCard } from '@billing-kit/stripe-emulator/browser';
import { addPeriod, periodAmount, taxOn } from './billing-math.js';
import type { PromotionCodeDefinition } from './billing-scenario.js';

/** A card the in-memory Stripe knows: created by Stripe.js, then maybe saved to the customer's wallet. */
export interface StoredCard {
  id: string;
  /** The emulator's description of the card number: what a charge does, whether it asks for 3D Secure. */
  test: TestCard;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  /** Order of saving, for "newest first". */
  savedAt: number;
}

/** A plan change that applies once its proration invoice is paid. */
export interface PendingChange {
  price: Price;
  plan: Plan;
  quantity: number;
}

/** Stripe's error shape, as Stripe.js reports it. */
export interface StripeErrorShape {
  type: 'card_error' | 'invalid_request_error';
  code: string;
  decline_code?: string;
  message: string;
}

/** A PaymentIntent: always the payment of one invoice (a first invoice, a proration, a failed renewal). */
export interface PaymentIntentRecord {
  id: string;
  clientSecret: string;
  amount: number;
  currency: string;
  status: 'requires_payment_method' | 'requires_action' | 'succeeded';
  paymentMethodId: string | null;
  lastPaymentError: StripeErrorShape | null;
  invoice: InvoiceSummary;
  subscriptionId: string;
  /** For a proration invoice: the change it pays for. */
  change: PendingChange | null;
}

/** A SetupIntent: saving a card for a trial (`subscriptionId`) or for the wallet. */
export interface SetupIntentRecord {
  id: string;
  clientSecret: string;
  status: 'requires_payment_method' | 'requires_action' | 'succeeded';
  paymentMethodId: string | null;
  lastSetupError: StripeErrorShape | null;
  subscriptionId: string | null;
}

/** One successful charge. */
export interface ChargeRecord {
  amount: number;
  currency: string;
  paymentMethodId: string;
}

/** One request to the billing API, as the in-memory server received it. */
export interface RequestRecord {
  method: string;
  /** The path under the base path, e.g. `/subscriptions/sub_1/confirm`. */
  path: string;
  idempotencyKey: string | null;
}

/** The last four digits of Stripe's test cards, so a scenario's saved cards behave like them. */
const TEST_NUMBERS_BY_LAST4: Record<string, string> = Object.fromEntries(
  [
    '4242424242424242',
    '4000000000000002',
    '4000000000009995',
    '4000000000000069',
    '4000000000000127',
    '4000000000000119',
    '4000000000000341',
    '4000002500003155',
    '4000002760003184',
    '4000000000003220',
    '5555555555554444',
  ].map((number) => [number.slice(-4), number]),
);

/** Everything the in-memory billing server and Stripe hold for the one signed-in customer. */
export class BillingState {
  subscriptions: SubscriptionSummary[];
  wallet: StoredCard[] = [];
  defaultPaymentMethodId: string | null = null;
  invoices: InvoiceSummary[];
  charges: ChargeRecord[] = [];
  requests: RequestRecord[] = [];
  /** Cards Stripe.js created, saved to the wallet or not. */
  readonly cards = new Map<string, StoredCard>();
  readonly paymentIntents = new Map<string, PaymentIntentRecord>();
  readonly setupIntents = new Map<string, SetupIntentRecord>();
  /** A once-only promotion discount still owed to a trial's first paid invoice, by subscription id. */
  readonly pendingDiscounts = new Map<string, number>();
  private sequence = 0;
  private readonly startedAt = Date.now();
  private readonly startTime: number;

  constructor(
    readonly catalog: CatalogResponse,
    subscriptions: SubscriptionSummary[],
    paymentMethods: PaymentMethodSummary[],
    invoices: InvoiceSummary[],
    readonly promotionCodes: Record<string, PromotionCodeDefinition>,
    readonly taxRate: number,
    startTime: number,
  ) {
    this.subscriptions = subscriptions.map((subscription) => ({ ...subscription }));
    this.invoices = invoices.map((invoice) => ({ ...invoice }));
    this.startTime = startTime;
    // Listed default first, then newest first: give the first listed card the latest saving time.
    paymentMethods.forEach((summary, index) => {
      const card: StoredCard = {
        id: summary.id,
        test: describeCard(TEST_NUMBERS_BY_LAST4[summary.last4] ?? '4242424242424242'),
        brand: summary.brand,
        last4: summary.last4,
        expMonth: summary.expMonth,
        expYear: summary.expYear,
        savedAt: paymentMethods.length - index,
      };
      this.cards.set(card.id, card);
      this.wallet.push(card);
      if (summary.isDefault) this.defaultPaymentMethodId = card.id;
    });
    this.sequence = paymentMethods.length + 1;
  }

  /** Unix seconds: the scenario's start time, advancing with the real clock. */
  now(): number {
    return this.startTime + Math.floor((Date.now() - this.startedAt) / 1000);
  }

  /** A fresh id with Stripe's prefix: `sub_mem_3`. */
  nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}_mem_${this.sequence}`;
  }

  /** A monotonic counter (saving order of cards, invoice numbers). */
  nextSequence(): number {
    this.sequence += 1;
    return this.sequence;
  }

  findPrice(priceId: string): { plan: Plan; price: Price } | null {
    for (const plan of this.catalog.plans) {
      const price = plan.prices.find((candidate) => candidate.id === priceId);
      if (price) return { plan, price };
    }
    return null;
  }

  /** The subscription the customer pays for now (`active`, `trialing`, `past_due`, `unpaid`), if any. */
  currentSubscription(): SubscriptionSummary | null {
    return (
      this.subscriptions.find((subscription) =>
        (['active', 'trialing', 'past_due', 'unpaid'] as SubscriptionStatus[]).includes(subscription.status),
      ) ?? null
    );
  }

  /** What the next regular invoice of `subscription` charges, or null when nothing renews. */
  nextInvoiceOf(subscription: SubscriptionSummary): SubscriptionSummary['nextInvoice'] {
    if (subscription.cancelAtPeriodEnd || !['active', 'trialing', 'past_due'].includes(subscription.status)) {
      return null;
    }
    const next = subscription.scheduledChange ?? subscription;
    const found = this.findPrice(next.priceId);
    const full = found
      ? periodAmount(found.price, next.quantity)
      : (subscription.unitAmount ?? 0) * next.quantity;
    const amount = Math.max(0, full - (this.pendingDiscounts.get(subscription.id) ?? 0));
    return { amount: amount + taxOn(amount, this.taxRate), date: subscription.currentPeriodEnd };
  }

  /** Writes a changed subscription back, with a new `syncedAt` and `nextInvoice`. */
  save(subscription: SubscriptionSummary): SubscriptionSummary {
    const saved = { ...subscription, syncedAt: this.now() };
    saved.nextInvoice = this.nextInvoiceOf(saved);
    this.subscriptions = this.subscriptions.map((existing) => (existing.id === saved.id ? saved : existing));
    if (!this.subscriptions.some((existing) => existing.id === saved.id)) this.subscriptions.unshift(saved);
    return saved;
  }

  /** Adds a card to the wallet (once) and returns it. */
  saveCard(card: StoredCard): StoredCard {
    if (!this.wallet.includes(card)) {
      card.savedAt = this.nextSequence();
      this.wallet.push(card);
    }
    return card;
  }

  /** The wallet as the API lists it: default first, then newest first, expiry judged by the in-memory clock. */
  paymentMethodSummaries(): PaymentMethodSummary[] {
    const today = new Date(this.now() * 1000);
    const month = today.getUTCFullYear() * 12 + today.getUTCMonth();
    return [...this.wallet]
      .sort((a, b) => {
        const byDefault =
          Number(b.id === this.defaultPaymentMethodId) - Number(a.id === this.defaultPaymentMethodId);
        return byDefault !== 0 ? byDefault : b.savedAt - a.savedAt;
      })
      .map((card) => {
        const expiry = card.expYear * 12 + (card.expMonth - 1);
        return {
          id: card.id,
          brand: card.brand,
          last4: card.last4,
          expMonth: card.expMonth,
          expYear: card.expYear,
          isDefault: card.id === this.defaultPaymentMethodId,
          expired: expiry < month,
          expiresSoon: expiry >= month && expiry <= month + 1,
        };
      });
  }

  /** A new invoice of `amount` for `subscription`'s period, listed at once unless `listed` is false. */
  createInvoice(
    subscription: Pick<SubscriptionSummary, 'currency' | 'currentPeriodStart' | 'currentPeriodEnd'>,
    amount: number,
    status: 'open' | 'paid',
    listed = true,
  ): InvoiceSummary {
    const id = this.nextId('in');
    const invoice: InvoiceSummary = {
      id,
      number: `MEM-${String(this.nextSequence()).padStart(4, '0')}`,
      status,
      amountDue: amount,
      amountPaid: status === 'paid' ? amount : 0,
      currency: subscription.currency,
      created: this.now(),
      periodStart: subscription.currentPeriodStart,
      periodEnd: subscription.currentPeriodEnd,
      hostedInvoiceUrl: `https://invoice.example/${id}`,
      invoicePdf: `https://invoice.example/${id}.pdf`,
    };
    if (listed) this.invoices.unshift(invoice);
    return invoice;
  }

  /** A PaymentIntent for an invoice, in `requires_payment_method`. */
  createPaymentIntent(
    invoice: InvoiceSummary,
    subscriptionId: string,
    change: PendingChange | null = null,
  ): PaymentIntentRecord {
    const id = this.nextId('pi');
    const intent: PaymentIntentRecord = {
      id,
      clientSecret: `${id}_secret_inmemory`,
      amount: invoice.amountDue - invoice.amountPaid,
      currency: invoice.currency,
      status: 'requires_payment_method',
      paymentMethodId: null,
      lastPaymentError: null,
      invoice,
      subscriptionId,
      change,
    };
    this.paymentIntents.set(id, intent);
    return intent;
  }

  /** The PaymentIntent collecting `invoice`, created when the invoice has none yet. */
  paymentIntentFor(invoice: InvoiceSummary, subscriptionId: string): PaymentIntentRecord {
    for (const intent of this.paymentIntents.values()) {
      if (intent.invoice.id === invoice.id && intent.status !== 'succeeded') return intent;
    }
    return this.createPaymentIntent(invoice, subscriptionId);
  }

  createSetupIntent(subscriptionId: string | null): SetupIntentRecord {
    const id = this.nextId('seti');
    const intent: SetupIntentRecord = {
      id,
      clientSecret: `${id}_secret_inmemory`,
      status: 'requires_payment_method',
      paymentMethodId: null,
      lastSetupError: null,
      subscriptionId,
    };
    this.setupIntents.set(id, intent);
    return intent;
  }

  /**
   * Charges `card` for `intent` as the emulator would: a 3D Secure card leaves it in `requires_action` (unless the
   * customer just authenticated), a declining card fails it with Stripe's error, any other card pays the invoice.
   */
  attemptPayment(intent: PaymentIntentRecord, card: StoredCard, authenticated = false): void {
    intent.paymentMethodId = card.id;
    if (!authenticated && card.test.authentication !== 'none') {
      intent.status = 'requires_action';
      intent.lastPaymentError = null;
      return;
    }
    const outcome = card.test.outcome;
    if (outcome.kind === 'declines') {
      this.failPayment(intent, {
        type: 'card_error',
        code: outcome.code,
        ...(outcome.declineCode === undefined ? {} : { decline_code: outcome.declineCode }),
        message: outcome.message,
      });
      return;
    }
    intent.status = 'succeeded';
    intent.lastPaymentError = null;
    this.charges.push({ amount: intent.amount, currency: intent.currency, paymentMethodId: card.id });
    this.settleInvoice(intent, card);
  }

  failPayment(intent: PaymentIntentRecord, error: StripeErrorShape): void {
    intent.status = 'requires_payment_method';
    intent.paymentMethodId = null;
    intent.lastPaymentError = error;
  }

  /** What a paid invoice changes, as the webhooks would bring it to the server's mirror. */
  private settleInvoice(intent: PaymentIntentRecord, card: StoredCard): void {
    const invoice = intent.invoice;
    invoice.status = 'paid';
    invoice.amountPaid = invoice.amountDue;
    if (!this.invoices.includes(invoice)) this.invoices.unshift(invoice);
    // Stripe saves the card an invoice was paid with to the customer (save_default_payment_method).
    this.saveCard(card);
    const subscription = this.subscriptions.find((candidate) => candidate.id === intent.subscriptionId);
    if (!subscription) return;
    if (subscription.status === 'incomplete') this.defaultPaymentMethodId ??= card.id;
    let updated: SubscriptionSummary = {
      ...subscription,
      status: ['incomplete', 'past_due', 'unpaid'].includes(subscription.status)
        ? 'active'
        : subscription.status,
      latestInvoiceStatus: 'paid',
      pastDueSince: null,
    };
    if (intent.change) {
      const { plan, price, quantity } = intent.change;
      updated = {
        ...updated,
        planId: plan.id,
        planName: plan.name,
        priceId: price.id,
        interval: price.interval,
        currency: price.currency,
        unitAmount: price.unitAmount,
        quantity,
        scheduledChange: null,
      };
    }
    this.save(updated);
  }

  /** Confirms a SetupIntent with `card`: 3D Secure first when the card asks for it, then Stripe's check. */
  attemptSetup(intent: SetupIntentRecord, card: StoredCard, authenticated = false): void {
    intent.paymentMethodId = card.id;
    if (!authenticated && card.test.authentication !== 'none') {
      intent.status = 'requires_action';
      intent.lastSetupError = null;
      return;
    }
    const validation = card.test.validation;
    if (validation.kind === 'declines') {
      this.failSetup(intent, {
        type: 'card_error',
        code: validation.code,
        ...(validation.declineCode === undefined ? {} : { decline_code: validation.declineCode }),
        message: validation.message,
      });
      return;
    }
    intent.status = 'succeeded';
    intent.lastSetupError = null;
    this.saveCard(card);
    // A trial's card becomes the subscription's default, as `save_default_payment_method` does.
    if (intent.subscriptionId !== null) this.defaultPaymentMethodId = card.id;
  }

  failSetup(intent: SetupIntentRecord, error: StripeErrorShape): void {
    intent.status = 'requires_payment_method';
    intent.paymentMethodId = null;
    intent.lastSetupError = error;
  }

  /** A new subscription starting now on `price`. */
  newSubscription(
    plan: Plan,
    price: Price,
    quantity: number,
    status: SubscriptionStatus,
  ): SubscriptionSummary {
    const start = this.now();
    const trialEnd =
      status === 'trialing' && price.trialPeriodDays ? start + price.trialPeriodDays * 86_400 : null;
    return {
      id: this.nextId('sub'),
      status,
      planId: plan.id,
      planName: plan.name,
      priceId: price.id,
      interval: price.interval,
      currency: price.currency,
      unitAmount: price.unitAmount,
      quantity,
      currentPeriodStart: start,
      currentPeriodEnd: trialEnd ?? addPeriod(start, price),
      cancelAtPeriodEnd: false,
      trialEnd,
      syncedAt: start,
      scheduledChange: null,
      nextInvoice: null,
      latestInvoiceStatus: null,
      pastDueSince: null,
    };
  }
}
