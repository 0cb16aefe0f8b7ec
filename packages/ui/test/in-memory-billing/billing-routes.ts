import type {
  BillingRouteName,
  ChangePlanRequest,
  CompleteSetupIntentRequest,
  InvoiceLinePreview,
  PayInvoiceRequest,
  PreviewPlanChangeRequest,
  PreviewPlanChangeResponse,
  StartSubscriptionRequest,
  SubscriptionSummary,
} from '@billing-kit/core';
import {
  addPeriod,
  classifyPlanChange,
  periodAmount,
  periodLineDescription,
  prorationLineDescription,
  taxOn,
} from './billing-math.js';
import type { BillingState, PendingChange } from './billing-state.js';
import { cardDeclined, RouteError } from './route-error.js';

/** What a route handler gets: the state, the path parameters and the body its core schema already parsed. */
export interface RouteCall {
  state: BillingState;
  params: Record<string, string>;
  body: unknown;
}

type Handler = (call: RouteCall) => unknown;

const LIVE_STATUSES = ['active', 'trialing', 'past_due'];
const GRACE_PERIOD_SECONDS = 7 * 86_400;
/** How old a plan change preview may be before the change is refused with `preview_expired`, as the server does. */
const PREVIEW_LIFETIME_SECONDS = 3600;

function ownSubscription(state: BillingState, id: string | undefined): SubscriptionSummary {
  const found = state.subscriptions.find((subscription) => subscription.id === id);
  if (!found) throw new RouteError(404, 'not_found', 'There is no such subscription on your account.');
  return found;
}

function catalogPrice(state: BillingState, priceId: string, quantity: number) {
  const found = state.findPrice(priceId);
  if (!found)
    throw new RouteError(400, 'invalid_request', 'This price is not offered.', { field: 'priceId' });
  if (quantity > 1 && !found.plan.perSeat) {
    throw new RouteError(400, 'invalid_request', 'This plan is not sold per seat: the quantity must be 1.', {
      field: 'quantity',
    });
  }
  return found;
}

function promotionDiscount(state: BillingState, code: string | undefined, subtotal: number) {
  if (code === undefined) return { discount: null, discountAmount: 0 };
  const entry = Object.entries(state.promotionCodes).find(
    ([known]) => known.toLowerCase() === code.toLowerCase(),
  );
  if (!entry) {
    throw new RouteError(400, 'invalid_promotion_code', 'This promotion code is not valid.', {
      field: 'promotionCode',
    });
  }
  const [promotionCode, definition] = entry;
  const discountAmount =
    definition.percentOff !== undefined
      ? Math.round((subtotal * definition.percentOff) / 100)
      : Math.min(subtotal, definition.amountOff ?? 0);
  return {
    discount: {
      promotionCode,
      name: definition.name,
      percentOff: definition.percentOff ?? null,
      amountOff: definition.percentOff !== undefined ? null : (definition.amountOff ?? 0),
      duration: 'once' as const,
      durationInMonths: null,
    },
    discountAmount,
  };
}

/** The first invoice of a new subscription: what `preview` shows and `start` charges. */
function firstInvoice(state: BillingState, body: StartSubscriptionRequest) {
  const quantity = body.quantity ?? 1;
  const { plan, price } = catalogPrice(state, body.priceId, quantity);
  const now = state.now();
  const trialEnd = price.trialPeriodDays ? now + price.trialPeriodDays * 86_400 : null;
  const periodStart = trialEnd ?? now;
  const subtotal = periodAmount(price, quantity);
  const { discount, discountAmount } = promotionDiscount(state, body.promotionCode, subtotal);
  const tax = taxOn(subtotal - discountAmount, state.taxRate);
  const firstPaid = subtotal - discountAmount + tax;
  const full = subtotal + taxOn(subtotal, state.taxRate);
  const lines: InvoiceLinePreview[] = [
    {
      description: periodLineDescription(plan.name, price, quantity),
      amount: subtotal,
      proration: false,
      period: { start: periodStart, end: addPeriod(periodStart, price) },
    },
  ];
  return {
    plan,
    price,
    quantity,
    discountAmount,
    trialEnd,
    preview: {
      priceId: price.id,
      quantity,
      currency: price.currency,
      lines,
      subtotal,
      discount,
      discountAmount,
      tax,
      totalDueToday: trialEnd === null ? firstPaid : 0,
      trialEnd,
      // After a trial the first paid invoice still carries the discount; after a paid start, it was used up.
      renewal:
        trialEnd === null
          ? { amount: full, date: addPeriod(now, price) }
          : { amount: firstPaid, date: trialEnd },
    },
  };
}

/** What changing `subscription` to `quantity` × `priceId` does, with the proration computed at `prorationDate`. */
function planChange(
  state: BillingState,
  subscription: SubscriptionSummary,
  request: PreviewPlanChangeRequest,
  prorationDate: number,
) {
  const quantity = request.quantity ?? 1;
  const { plan, price } = catalogPrice(state, request.priceId, quantity);
  if (!LIVE_STATUSES.includes(subscription.status)) {
    throw new RouteError(409, 'conflict', 'This subscription is not active, so its plan cannot be changed.');
  }
  if (price.currency !== subscription.currency) {
    throw new RouteError(
      400,
      'invalid_request',
      'This price is in another currency than your subscription.',
      {
        field: 'priceId',
      },
    );
  }
  const current = state.findPrice(subscription.priceId);
  const currentPrice = current?.price ?? {
    ...price,
    id: subscription.priceId,
    unitAmount: subscription.unitAmount,
    interval: subscription.interval,
    intervalCount: 1,
    billingScheme: 'per_unit' as const,
    tiers: [],
    tiersMode: null,
  };
  const change = classifyPlanChange(
    { price: currentPrice, quantity: subscription.quantity },
    price,
    quantity,
  );
  if (!change)
    throw new RouteError(400, 'invalid_request', 'This is already your plan.', { field: 'priceId' });

  const { currentPeriodStart: start, currentPeriodEnd: end } = subscription;
  const newAmount = periodAmount(price, quantity);
  const nextInvoiceAmount = newAmount + taxOn(newAmount, state.taxRate);
  const target = { priceId: price.id, planName: plan.name, interval: price.interval, quantity };
  let lines: InvoiceLinePreview[];
  let credit = 0;
  let charge = 0;
  if (change.appliesAt === 'now' && subscription.status !== 'trialing') {
    // Stripe's proration: each side's period amount times the fraction of the period left, rounded.
    const remaining = Math.min(1, Math.max(0, (end - prorationDate) / (end - start)));
    credit = -Math.round(periodAmount(currentPrice, subscription.quantity) * remaining);
    charge = Math.round(newAmount * remaining);
    lines = [
      {
        description: prorationLineDescription('unused', subscription.planName, prorationDate),
        amount: credit,
        proration: true,
        period: { start: prorationDate, end },
      },
      {
        description: prorationLineDescription('remaining', plan.name, prorationDate),
        amount: charge,
        proration: true,
        period: { start: prorationDate, end },
      },
    ];
  } else {
    lines = [
      {
        description: periodLineDescription(plan.name, price, quantity),
        amount: newAmount,
        proration: false,
        period: { start: end, end: addPeriod(end, price) },
      },
    ];
  }
  const net = credit + charge;
  const preview: PreviewPlanChangeResponse = {
    kind: change.kind,
    appliesAt: change.appliesAt,
    prorationDate,
    lines,
    creditForUnusedTime: credit,
    chargeForNewPlan: charge,
    amountDueNow: Math.max(0, net + taxOn(net, state.taxRate)),
    nextInvoiceDate: end,
    nextInvoiceAmount,
    effectiveAt: change.appliesAt === 'now' ? prorationDate : end,
    currency: price.currency,
    target,
  };
  return { preview, pending: { plan, price, quantity } satisfies PendingChange };
}

function defaultCard(state: BillingState) {
  return state.wallet.find((card) => card.id === state.defaultPaymentMethodId) ?? null;
}

function ownCard(state: BillingState, id: string | undefined) {
  const card = state.wallet.find((candidate) => candidate.id === id);
  if (!card) throw new RouteError(404, 'not_found', 'We could not find this card.');
  return card;
}

function wallet(state: BillingState) {
  return { paymentMethods: state.paymentMethodSummaries() };
}

/** The handlers of every route of `billingRoutes`, answering as `@billing-kit/server` does. */
export const billingRouteHandlers: Record<BillingRouteName, Handler> = {
  getCatalog: ({ state }) => ({
    plans: state.catalog.plans,
    currentPriceId: state.currentSubscription()?.priceId ?? null,
  }),

  listSubscriptions: ({ state }) => ({ subscriptions: state.subscriptions }),

  previewSubscription: ({ state, body }) => firstInvoice(state, body as StartSubscriptionRequest).preview,

  startSubscription: ({ state, body }) => {
    if (state.currentSubscription()) {
      throw new RouteError(409, 'conflict', 'You already have a subscription. Change your plan instead.');
    }
    const first = firstInvoice(state, body as StartSubscriptionRequest);
    const { plan, price, quantity, preview } = first;
    if (first.trialEnd !== null) {
      // A trial starts at once; the card is set up for the first paid invoice (a SetupIntent), $0 is billed now.
      const subscription = state.newSubscription(plan, price, quantity, 'trialing');
      if (first.discountAmount > 0) state.pendingDiscounts.set(subscription.id, first.discountAmount);
      state.createInvoice(subscription, 0, 'paid');
      state.save({ ...subscription, latestInvoiceStatus: 'paid' });
      const setupIntent = state.createSetupIntent(subscription.id);
      return {
        subscriptionId: subscription.id,
        status: 'trialing',
        intentType: 'setup',
        clientSecret: setupIntent.clientSecret,
        amountDue: 0,
        currency: price.currency,
      };
    }
    const subscription = state.newSubscription(plan, price, quantity, 'incomplete');
    const amountDue = preview.totalDueToday;
    if (amountDue === 0) {
      state.createInvoice(subscription, 0, 'paid');
      state.save({ ...subscription, status: 'active', latestInvoiceStatus: 'paid' });
      return {
        subscriptionId: subscription.id,
        status: 'active',
        intentType: 'none',
        clientSecret: null,
        amountDue: 0,
        currency: price.currency,
      };
    }
    const invoice = state.createInvoice(subscription, amountDue, 'open');
    state.save({ ...subscription, latestInvoiceStatus: 'open' });
    const intent = state.createPaymentIntent(invoice, subscription.id);
    return {
      subscriptionId: subscription.id,
      status: 'incomplete',
      intentType: 'payment',
      clientSecret: intent.clientSecret,
      amountDue,
      currency: price.currency,
    };
  },

  // Paying settles the subscription at once (the in-memory webhooks are instant): confirming only reads it.
  confirmSubscription: ({ state, params }) => ({ subscription: ownSubscription(state, params.id) }),

  previewPlanChange: ({ state, params, body }) =>
    planChange(state, ownSubscription(state, params.id), body as PreviewPlanChangeRequest, state.now())
      .preview,

  changePlan: ({ state, params, body }) => {
    const request = body as ChangePlanRequest;
    const subscription = ownSubscription(state, params.id);
    const now = state.now();
    if (
      request.prorationDate < subscription.currentPeriodStart ||
      request.prorationDate > subscription.currentPeriodEnd ||
      request.prorationDate > now ||
      request.prorationDate < now - PREVIEW_LIFETIME_SECONDS
    ) {
      throw new RouteError(
        400,
        'preview_expired',
        'The price preview is out of date. Review the updated price and confirm again.',
        { field: 'prorationDate' },
      );
    }
    const { preview, pending } = planChange(state, subscription, request, request.prorationDate);
    if (preview.appliesAt === 'period_end') {
      const scheduled = state.save({
        ...subscription,
        scheduledChange: { ...preview.target, effectiveAt: subscription.currentPeriodEnd },
      });
      return { outcome: 'scheduled', subscription: scheduled, paymentAction: null };
    }
    const apply = () =>
      state.save({
        ...subscription,
        planId: pending.plan.id,
        planName: pending.plan.name,
        priceId: pending.price.id,
        interval: pending.price.interval,
        unitAmount: pending.price.unitAmount,
        quantity: pending.quantity,
        scheduledChange: null,
      });
    if (preview.amountDueNow === 0) {
      return { outcome: 'applied', subscription: apply(), paymentAction: null };
    }
    const card = defaultCard(state);
    if (!card) {
      throw new RouteError(
        409,
        'conflict',
        'Add a card before upgrading: the difference is charged at once.',
      );
    }
    // The proration invoice joins the history only once paid: a refused upgrade leaves no trace but the attempt.
    const invoice = state.createInvoice(subscription, preview.amountDueNow, 'open', false);
    const intent = state.createPaymentIntent(invoice, subscription.id, pending);
    state.attemptPayment(intent, card);
    if (intent.status === 'requires_action') {
      return {
        outcome: 'requires_action',
        subscription,
        paymentAction: { clientSecret: intent.clientSecret },
      };
    }
    if (intent.lastPaymentError) throw cardDeclined(intent.lastPaymentError);
    return { outcome: 'applied', subscription: ownSubscription(state, subscription.id), paymentAction: null };
  },

  cancelScheduledChange: ({ state, params }) => {
    const subscription = ownSubscription(state, params.id);
    if (!subscription.scheduledChange) throw new RouteError(409, 'conflict', 'No plan change is scheduled.');
    return { subscription: state.save({ ...subscription, scheduledChange: null }) };
  },

  cancelSubscription: ({ state, params }) => {
    const subscription = ownSubscription(state, params.id);
    if (!LIVE_STATUSES.includes(subscription.status)) {
      throw new RouteError(
        409,
        'conflict',
        'This subscription is not active, so there is nothing to cancel.',
      );
    }
    // Cancelling releases a scheduled change first, as the server does.
    return { subscription: state.save({ ...subscription, cancelAtPeriodEnd: true, scheduledChange: null }) };
  },

  resumeSubscription: ({ state, params }) => {
    const subscription = ownSubscription(state, params.id);
    if (!LIVE_STATUSES.includes(subscription.status)) {
      throw new RouteError(409, 'conflict', 'This subscription has ended. Choose a plan to subscribe again.');
    }
    return { subscription: state.save({ ...subscription, cancelAtPeriodEnd: false }) };
  },

  createSetupIntent: ({ state }) => {
    const intent = state.createSetupIntent(null);
    return { setupIntentId: intent.id, clientSecret: intent.clientSecret };
  },

  completeSetupIntent: ({ state, body }) => {
    const request = body as CompleteSetupIntentRequest;
    const intent = state.setupIntents.get(request.setupIntentId);
    if (!intent) throw new RouteError(404, 'not_found', 'We could not find this card setup.');
    if (intent.status !== 'succeeded' || intent.paymentMethodId === null) {
      throw new RouteError(
        409,
        'conflict',
        'The card has not been confirmed yet. Finish adding it, then try again.',
      );
    }
    if (request.makeDefault) state.defaultPaymentMethodId = intent.paymentMethodId;
    return wallet(state);
  },

  listPaymentMethods: ({ state }) => wallet(state),

  setDefaultPaymentMethod: ({ state, params }) => {
    state.defaultPaymentMethodId = ownCard(state, params.id).id;
    return wallet(state);
  },

  removePaymentMethod: ({ state, params }) => {
    const card = ownCard(state, params.id);
    const live = state.subscriptions.some((subscription) => LIVE_STATUSES.includes(subscription.status));
    if (live && state.wallet.length === 1) {
      throw new RouteError(
        409,
        'payment_method_required',
        'Your subscription is charged to this card. Add another card before removing it.',
      );
    }
    if (live && card.id === state.defaultPaymentMethodId) {
      throw new RouteError(
        409,
        'payment_method_required',
        'Your subscription is charged to this card. Make another card the default before removing it.',
      );
    }
    state.wallet = state.wallet.filter((candidate) => candidate !== card);
    if (state.defaultPaymentMethodId === card.id) state.defaultPaymentMethodId = null;
    return wallet(state);
  },

  listInvoices: ({ state }) => ({
    invoices: [...state.invoices].sort((a, b) => b.created - a.created),
  }),

  payInvoice: ({ state, params, body }) => {
    const request = body as PayInvoiceRequest;
    const invoice = state.invoices.find((candidate) => candidate.id === params.id);
    if (!invoice) throw new RouteError(404, 'not_found', 'We could not find this invoice.');
    let card = defaultCard(state);
    if (request.paymentMethodId !== undefined) {
      card = state.wallet.find((candidate) => candidate.id === request.paymentMethodId) ?? null;
      if (!card) {
        throw new RouteError(400, 'invalid_request', 'This card is not one of your saved cards.', {
          field: 'paymentMethodId',
        });
      }
    }
    if (invoice.status !== 'open') {
      throw new RouteError(409, 'conflict', 'This invoice can no longer be paid. Reload to see its status.');
    }
    if (!card) throw new RouteError(409, 'conflict', 'Add a card to pay this invoice.');
    const subscription =
      state.subscriptions.find(
        (candidate) => candidate.latestInvoiceStatus === 'open' && candidate.status !== 'canceled',
      ) ?? state.subscriptions[0];
    const intent = state.paymentIntentFor(invoice, subscription?.id ?? '');
    state.attemptPayment(intent, card);
    if (intent.status === 'requires_action')
      return { status: 'requires_action', clientSecret: intent.clientSecret };
    if (intent.lastPaymentError) throw cardDeclined(intent.lastPaymentError);
    return { status: 'paid' };
  },

  getEntitlements: ({ state }) => {
    const primary = state.currentSubscription() ?? state.subscriptions[0] ?? null;
    if (!primary) return { features: [], status: null, graceEndsAt: null };
    const plan = state.catalog.plans.find((candidate) => candidate.id === primary.planId);
    let grants = primary.status === 'active' || primary.status === 'trialing';
    let graceEndsAt: number | null = null;
    if (primary.status === 'past_due') {
      graceEndsAt = (primary.pastDueSince ?? primary.currentPeriodStart) + GRACE_PERIOD_SECONDS;
      grants = state.now() < graceEndsAt;
    }
    return {
      features: grants ? [...new Set(plan?.entitlements ?? [])].sort() : [],
      status: primary.status,
      graceEndsAt,
    };
  },
};
