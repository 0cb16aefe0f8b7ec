import type {
  EntitlementsResponse,
  InvoiceSummary,
  PaymentMethodSummary,
  SubscriptionSummary,
} from '@billing-kit/core';
import { QueryClient } from '@tanstack/react-query';
import { createBillingClient } from '../src/index.js';
import { catalogResponse } from './catalog-fixture.js';
import { entitlementsFixture, invoiceFixture, subscriptionFixture } from './portal-fixtures.js';

/** What the story's fake server answers: data, `loading` (never answers) or `error` (a 500). */
export type StoryAnswer<T> = T | 'loading' | 'error';

export interface PortalStoryData {
  subscriptions?: StoryAnswer<SubscriptionSummary[]>;
  invoices?: StoryAnswer<InvoiceSummary[]>;
  entitlements?: StoryAnswer<EntitlementsResponse>;
}

const visa: PaymentMethodSummary = {
  id: 'pm_visa',
  brand: 'visa',
  last4: '4242',
  expMonth: 12,
  expYear: 2034,
  isDefault: true,
  expired: false,
  expiresSoon: false,
};

const pastDueSubscription = subscriptionFixture({ status: 'past_due', latestInvoiceStatus: 'open' });
const openInvoice = invoiceFixture({ id: 'in_open', number: 'BK-0002', status: 'open', amountPaid: 0 });

/** Ready-made answers for the portal's main states. */
export const portalScenarios = {
  active: { subscriptions: [subscriptionFixture()], invoices: [invoiceFixture()] },
  trialing: {
    subscriptions: [
      subscriptionFixture({ status: 'trialing', trialEnd: subscriptionFixture().currentPeriodEnd }),
    ],
    invoices: [],
  },
  pastDue: { subscriptions: [pastDueSubscription], invoices: [openInvoice, invoiceFixture()] },
  endingAtPeriodEnd: {
    subscriptions: [subscriptionFixture({ cancelAtPeriodEnd: true, nextInvoice: null })],
    invoices: [invoiceFixture()],
  },
  scheduledDowngrade: {
    subscriptions: [
      subscriptionFixture({
        scheduledChange: {
          priceId: 'price_basic_month',
          planName: 'Basic',
          interval: 'month',
          quantity: 1,
          effectiveAt: subscriptionFixture().currentPeriodEnd,
        },
      }),
    ],
    invoices: [invoiceFixture()],
  },
  none: { subscriptions: [], invoices: [] },
  loading: { subscriptions: 'loading', invoices: 'loading' },
  error: { subscriptions: 'error', invoices: 'error' },
} satisfies Record<string, PortalStoryData>;

/**
 * A billing client for stories: answers the portal's reads from fixtures after a short, visible delay, and its
 * writes (cancel, resume, pay) as the server would, so the stories can be clicked through.
 */
export function portalStoryClient(data: PortalStoryData) {
  let subscriptions = data.subscriptions ?? [];
  const answer = async <T>(value: StoryAnswer<T>, wrap: (data: T) => unknown): Promise<Response> => {
    if (value === 'loading') return new Promise<Response>(() => {});
    await new Promise((resolve) => setTimeout(resolve, 150));
    if (value === 'error') {
      return Response.json(
        { error: { code: 'internal_error', message: 'Something went wrong.' } },
        { status: 500 },
      );
    }
    return Response.json(wrap(value));
  };
  const update = (changes: Partial<SubscriptionSummary>) => {
    if (!Array.isArray(subscriptions) || !subscriptions[0]) return answer('error', () => null);
    const updated = { ...subscriptions[0], ...changes };
    subscriptions = [updated];
    return answer(updated, (subscription) => ({ subscription }));
  };
  return createBillingClient({
    baseUrl: 'https://storybook.local/api/billing',
    fetch: async (input, init) => {
      const path = new URL(String(input)).pathname.replace('/api/billing', '');
      const method = init?.method ?? 'GET';
      if (method === 'GET' && path === '/subscriptions')
        return answer(subscriptions, (list) => ({ subscriptions: list }));
      if (method === 'GET' && path === '/invoices')
        return answer(data.invoices ?? [], (invoices) => ({ invoices }));
      if (method === 'GET' && path === '/catalog') {
        return answer(catalogResponse({ currentPriceId: 'price_pro_month' }), (catalog) => catalog);
      }
      if (method === 'GET' && path === '/payment-methods') {
        return answer([visa], (paymentMethods) => ({ paymentMethods }));
      }
      if (method === 'GET' && path === '/entitlements') {
        return answer(data.entitlements ?? entitlementsFixture(), (entitlements) => entitlements);
      }
      if (path.endsWith('/cancel')) return update({ cancelAtPeriodEnd: true, nextInvoice: null });
      if (path.endsWith('/resume')) {
        return update({ cancelAtPeriodEnd: false, nextInvoice: subscriptionFixture().nextInvoice });
      }
      if (path.endsWith('/pay')) {
        subscriptions = [subscriptionFixture()];
        return answer({ status: 'paid' }, (paid) => paid);
      }
      return answer('error', () => null);
    },
  });
}

/** A fresh cache per story, without retries, so error states show at once. */
export function storyQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false } } });
}
