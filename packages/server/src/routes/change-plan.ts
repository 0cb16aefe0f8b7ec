import { billingRoutes, type ChangePlanRequest, type ChangePlanResponse } from '@billing-kit/core';
import type Stripe from 'stripe';
import { ApiError } from '../http/api-error.js';
import { deriveIdempotencyKey } from '../http/idempotency-key.js';
import { contractResponse } from '../http/json-response.js';
import { readJsonBody } from '../http/read-body.js';
import { stripeErrorToApiError } from '../http/stripe-errors.js';
import { changeFingerprint, runExclusiveChange } from './exclusive-subscription-change.js';
import {
  activeSchedule,
  assertChangeable,
  type CheckedPlanChange,
  checkPlanChange,
  currentItem,
  stripeNow,
} from './plan-change-request.js';
import { type RouteContext, type RouteHandler, requireCustomer } from './route-context.js';
import { requireOwnSubscription, retrieveOwnSubscription, syncAndSummarize } from './subscription-access.js';

/** The change request once validated (defaults applied). */
type ChangePlanRequestBody = Required<ChangePlanRequest>;

/**
 * How long a preview's `prorationDate` stays good. Older previews are refused so nobody is billed a proration
 * computed long before the change; a date in the future is refused too, since it would shrink the charge.
 */
export const PRORATION_DATE_MAX_AGE_SECONDS = 60 * 60;
const CLOCK_SKEW_SECONDS = 60;

function previewExpired(): ApiError {
  return new ApiError(
    400,
    'preview_expired',
    'The price preview is out of date. Review the updated price and confirm again.',
    { field: 'prorationDate' },
  );
}

/** The PaymentIntent id inside a `pi_..._secret_...` client secret. */
function paymentIntentIdOf(clientSecret: string): string | null {
  const [id] = clientSecret.split('_secret_');
  return id?.startsWith('pi_') ? id : null;
}

type StepKey = (step: string) => Promise<string>;

/**
 * Applies an upgrade or a seat increase now, billed at once with the previewed `proration_date`
 * (`always_invoice`) and `pending_if_incomplete`: Stripe applies the new items only when that invoice is paid.
 */
async function applyNow(
  context: RouteContext,
  customerId: string,
  subscription: Stripe.Subscription,
  checked: CheckedPlanChange,
  prorationDate: number,
  keyFor: StepKey,
): Promise<Omit<ChangePlanResponse, 'subscription'>> {
  const { item } = currentItem(subscription);
  // The customer's new choice replaces a change scheduled for the period end.
  const schedule = await activeSchedule(context, subscription);
  if (schedule) {
    await context.stripe.subscriptionSchedules.release(
      schedule.id,
      {},
      { idempotencyKey: await keyFor('release') },
    );
  }
  const updated = await context.stripe.subscriptions.update(
    subscription.id,
    {
      items: [{ id: item.id, price: checked.target.price.id, quantity: checked.quantity }],
      proration_behavior: 'always_invoice',
      proration_date: prorationDate,
      payment_behavior: 'pending_if_incomplete',
      expand: ['latest_invoice.confirmation_secret'],
    },
    { idempotencyKey: await keyFor('update') },
  );
  if (!updated.pending_update) return { outcome: 'applied', paymentAction: null };

  // Not paid: the subscription keeps its plan. Either the bank wants the customer (3D Secure) or the card failed.
  const invoice = typeof updated.latest_invoice === 'object' ? updated.latest_invoice : null;
  const clientSecret = invoice?.confirmation_secret?.client_secret ?? null;
  const intentId = clientSecret ? paymentIntentIdOf(clientSecret) : null;
  const intent = intentId ? await context.stripe.paymentIntents.retrieve(intentId) : null;
  if (clientSecret && intent?.status === 'requires_action') {
    return { outcome: 'requires_action', paymentAction: { clientSecret } };
  }
  await syncAndSummarize(context, customerId, subscription.id);
  const failure = intent?.last_payment_error;
  throw stripeErrorToApiError({
    type: 'StripeCardError',
    ...(failure?.code ? { code: failure.code } : {}),
    ...(failure?.decline_code ? { decline_code: failure.decline_code } : {}),
  });
}

/**
 * Schedules the change for the end of the period with a subscription schedule: the current phase keeps the plan
 * until then, the next one has the new price, and the schedule releases the subscription afterwards.
 */
async function scheduleAtPeriodEnd(
  context: RouteContext,
  subscription: Stripe.Subscription,
  checked: CheckedPlanChange,
  keyFor: StepKey,
): Promise<void> {
  const { item, period } = currentItem(subscription);
  const schedule =
    (await activeSchedule(context, subscription)) ??
    (await context.stripe.subscriptionSchedules.create(
      { from_subscription: subscription.id },
      { idempotencyKey: await keyFor('schedule') },
    ));
  const target = checked.target.price;
  await context.stripe.subscriptionSchedules.update(
    schedule.id,
    {
      end_behavior: 'release',
      phases: [
        {
          items: [{ price: item.price.id, quantity: item.quantity ?? 1 }],
          // The phase running now: a schedule that already moved past its first phase (a change applied at an
          // earlier period end) cannot rewrite past phases, so they are left out.
          start_date: schedule.current_phase?.start_date ?? schedule.phases[0]?.start_date ?? period.start,
          end_date: period.end,
          proration_behavior: 'none',
        },
        {
          items: [{ price: target.id, quantity: checked.quantity }],
          duration: { interval: target.interval, interval_count: target.intervalCount },
          proration_behavior: 'none',
        },
      ],
    },
    { idempotencyKey: await keyFor('phases') },
  );
}

/**
 * `POST /subscriptions/:id/change` with `{ priceId, quantity, prorationDate }` from the accepted preview.
 * Upgrades and seat increases apply now, charged exactly as previewed; `preview_expired` (400) when the date left
 * the current period or is over an hour old, so the UI previews again. A declined card answers 402 `card_declined`
 * and leaves the plan as it was; a bank asking for 3D Secure answers `requires_action` with the client secret to
 * confirm, after which the client calls `/confirm`. Downgrades, seat decreases and interval changes are scheduled
 * for the period end. The same `Idempotency-Key` twice makes one change in Stripe.
 */
export const changePlan: RouteHandler = async (request, context, params) => {
  const customerId = await requireCustomer(request, context);
  const body = await readJsonBody(request, billingRoutes.changePlan.request);
  // Ownership first, so another customer's id can never hold up (or join) a change to that subscription.
  const own = await requireOwnSubscription(context, customerId, params.id);
  return runExclusiveChange(own.id, changeFingerprint(request, customerId, body), () =>
    changeOwnSubscription(request, context, customerId, own.id, body),
  );
};

async function changeOwnSubscription(
  request: Request,
  context: RouteContext,
  customerId: string,
  subscriptionId: string,
  body: ChangePlanRequestBody,
): Promise<Response> {
  const checked = await checkPlanChange(context, customerId, subscriptionId, body);
  const subscription = await retrieveOwnSubscription(context, customerId, checked.subscription.id);
  assertChangeable({ status: subscription.status, cancelAtPeriodEnd: subscription.cancel_at_period_end });
  const { period } = currentItem(subscription);
  const now = await stripeNow(context, subscription);
  const date = body.prorationDate;
  if (date < period.start || date >= period.end || date > now + CLOCK_SKEW_SECONDS) throw previewExpired();

  const keyFor: StepKey = (step) => deriveIdempotencyKey(request, `changePlan.${step}`, customerId);
  let result: Omit<ChangePlanResponse, 'subscription'>;
  if (checked.change.appliesAt === 'now') {
    if (date < now - PRORATION_DATE_MAX_AGE_SECONDS) throw previewExpired();
    result = await applyNow(context, customerId, subscription, checked, date, keyFor);
  } else {
    await scheduleAtPeriodEnd(context, subscription, checked, keyFor);
    result = { outcome: 'scheduled', paymentAction: null };
  }
  return contractResponse(billingRoutes.changePlan.response, {
    ...result,
    subscription: await syncAndSummarize(context, customerId, subscription.id),
  });
}
