// @vitest-environment node
import type {
  PaymentMethodSummary,
  PreviewPlanChangeResponse,
  PreviewSubscriptionResponse,
} from '@billing-kit/core';
import { Elements } from '@stripe/react-stripe-js';
import { QueryClient } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { catalogResponse } from '../test/catalog-fixture.js';
import {
  entitlementsFixture,
  FEBRUARY_1_2027,
  invoiceFixture,
  MARCH_1_2027,
  subscriptionFixture,
} from '../test/portal-fixtures.js';
import * as kit from './index.js';

const {
  BillingPortal,
  BillingProvider,
  billingKeys,
  CancelSubscription,
  Checkout,
  CheckoutForm,
  CheckoutOrderSummary,
  CheckoutPromotionCodeField,
  CheckoutSkeleton,
  createBillingClient,
  Entitled,
  InvoiceHistory,
  InvoiceHistoryRow,
  NoSubscription,
  PastDueBanner,
  PaymentMethodAddCard,
  PaymentMethodItem,
  PaymentMethodUpdater,
  PaymentMethodUpdaterPastDue,
  PlanSwitcher,
  PlanSwitcherChoices,
  PlanSwitcherConfirm,
  PlanSwitcherPreview,
  PlanSwitcherScheduledChange,
  PricingTable,
  PricingTableIntervalToggle,
  PricingTablePlanCard,
  PricingTableSkeleton,
  PricingTableTiers,
  ProrationPreview,
  SubscriptionSummary,
  useCheckoutSummary,
  usePaymentMethods,
  usePlanSwitcher,
  usePricingTable,
} = kit;

const baseUrl = 'http://shop.test/api/billing';
const card: PaymentMethodSummary = {
  id: 'pm_visa',
  brand: 'visa',
  last4: '4242',
  expMonth: 12,
  expYear: 2034,
  isDefault: true,
  expired: false,
  expiresSoon: false,
};
const subscriptionPreview: PreviewSubscriptionResponse = {
  priceId: 'price_pro_month',
  quantity: 1,
  currency: 'usd',
  lines: [
    {
      description: 'Pro',
      amount: 2000,
      proration: false,
      period: { start: FEBRUARY_1_2027, end: MARCH_1_2027 },
    },
  ],
  subtotal: 2000,
  discount: null,
  discountAmount: 0,
  tax: 0,
  totalDueToday: 2000,
  trialEnd: null,
  renewal: { amount: 2000, date: MARCH_1_2027 },
};
const planChangePreview: PreviewPlanChangeResponse = {
  kind: 'upgrade',
  appliesAt: 'now',
  prorationDate: FEBRUARY_1_2027,
  lines: [],
  creditForUnusedTime: -1000,
  chargeForNewPlan: 1500,
  amountDueNow: 500,
  nextInvoiceDate: MARCH_1_2027,
  nextInvoiceAmount: 3000,
  effectiveAt: FEBRUARY_1_2027,
  currency: 'usd',
  target: { priceId: 'price_team_month', planName: 'Team', interval: 'month', quantity: 2 },
};

/** A cache holding what the server would have sent, so hooks render their ready state (as after a prefetch). */
function seededQueryClient(): QueryClient {
  const queryClient = new QueryClient();
  queryClient.setQueryData(
    billingKeys.catalog(baseUrl),
    catalogResponse({ currentPriceId: 'price_pro_month' }),
  );
  queryClient.setQueryData(billingKeys.subscriptions(baseUrl), {
    subscriptions: [subscriptionFixture({ status: 'past_due', latestInvoiceStatus: 'open' })],
  });
  queryClient.setQueryData(billingKeys.invoices(baseUrl), {
    invoices: [invoiceFixture({ id: 'in_open', status: 'open', amountPaid: 0 }), invoiceFixture()],
  });
  queryClient.setQueryData(billingKeys.paymentMethods(baseUrl), { paymentMethods: [card] });
  queryClient.setQueryData(billingKeys.entitlements(baseUrl), entitlementsFixture());
  queryClient.setQueryData(
    billingKeys.subscriptionPreview(baseUrl, { priceId: 'price_pro_month', quantity: 1 }),
    subscriptionPreview,
  );
  return queryClient;
}

// Parts that take a hook's result are rendered the way a host composes them: through the hook.
function PlanCardFromHook({ tiers = false }: { tiers?: boolean }) {
  const table = usePricingTable();
  const first = table.plans[0];
  if (!first) return null;
  return tiers ? (
    <PricingTableTiers model={first} />
  ) : (
    <PricingTablePlanCard model={first} interval={table.interval} />
  );
}
function IntervalToggleFromHook() {
  return <PricingTableIntervalToggle table={usePricingTable()} />;
}
function OrderSummaryFromHook() {
  const summary = useCheckoutSummary({ priceId: 'price_pro_month' });
  return summary.status === 'ready' ? <CheckoutOrderSummary summary={summary} /> : null;
}
function PromotionCodeFromHook() {
  const summary = useCheckoutSummary({ priceId: 'price_pro_month' });
  return (
    <CheckoutPromotionCodeField
      promotionCode={summary.promotionCode}
      discount={null}
      amountDueToday="$20.00"
      currency="usd"
    />
  );
}
function WalletPart({ part }: { part: 'item' | 'pastDue' | 'addCard' }) {
  const wallet = usePaymentMethods();
  const first = wallet.paymentMethods[0];
  if (part === 'pastDue') return <PaymentMethodUpdaterPastDue wallet={wallet} />;
  if (part === 'addCard') return <PaymentMethodAddCard wallet={wallet} />;
  return first ? <PaymentMethodItem model={first} wallet={wallet} /> : null;
}
function SwitcherPart({ part }: { part: 'choices' | 'preview' | 'confirm' | 'scheduled' }) {
  const switcher = usePlanSwitcher({ subscriptionId: 'sub_portal' });
  if (part === 'choices') return <PlanSwitcherChoices switcher={switcher} />;
  if (part === 'preview') return <PlanSwitcherPreview switcher={switcher} />;
  if (part === 'confirm') return <PlanSwitcherConfirm switcher={switcher} />;
  return <PlanSwitcherScheduledChange switcher={switcher} />;
}

/** Every component the kit exports (BillingProvider wraps them all), as a host would render it. */
const components: Record<string, () => ReactElement> = {
  BillingPortal: () => <BillingPortal pricingHref="/pricing" />,
  CancelSubscription: () => <CancelSubscription />,
  Checkout: () => <Checkout priceId="price_pro_month" />,
  CheckoutForm: () => (
    <Elements stripe={null}>
      <CheckoutForm priceId="price_pro_month" submitLabel="Subscribe" />
    </Elements>
  ),
  CheckoutOrderSummary: () => <OrderSummaryFromHook />,
  CheckoutPromotionCodeField: () => <PromotionCodeFromHook />,
  CheckoutSkeleton: () => <CheckoutSkeleton label="Loading checkout…" />,
  Entitled: () => (
    <Entitled feature="analytics" fallback={<p>Upgrade</p>}>
      <p>Analytics dashboard</p>
    </Entitled>
  ),
  InvoiceHistory: () => <InvoiceHistory />,
  InvoiceHistoryRow: () => (
    <table>
      <tbody>
        <InvoiceHistoryRow invoice={invoiceFixture()} />
      </tbody>
    </table>
  ),
  NoSubscription: () => <NoSubscription pricingHref="/pricing" />,
  PastDueBanner: () => <PastDueBanner />,
  PaymentMethodAddCard: () => <WalletPart part="addCard" />,
  PaymentMethodItem: () => <WalletPart part="item" />,
  PaymentMethodUpdater: () => <PaymentMethodUpdater />,
  PaymentMethodUpdaterPastDue: () => <WalletPart part="pastDue" />,
  PlanSwitcher: () => <PlanSwitcher subscriptionId="sub_portal" />,
  PlanSwitcherChoices: () => <SwitcherPart part="choices" />,
  PlanSwitcherConfirm: () => <SwitcherPart part="confirm" />,
  PlanSwitcherPreview: () => <SwitcherPart part="preview" />,
  PlanSwitcherScheduledChange: () => <SwitcherPart part="scheduled" />,
  PricingTable: () => <PricingTable onSelect={() => {}} />,
  PricingTableIntervalToggle: () => <IntervalToggleFromHook />,
  PricingTablePlanCard: () => <PlanCardFromHook />,
  PricingTableSkeleton: () => <PricingTableSkeleton label="Loading plans…" />,
  PricingTableTiers: () => <PlanCardFromHook tiers />,
  ProrationPreview: () => <ProrationPreview preview={planChangePreview} />,
  SubscriptionSummary: () => <SubscriptionSummary pricingHref="/pricing" />,
};

function renderOnServer(ui: ReactElement, queryClient: QueryClient) {
  const requests: string[] = [];
  const client = createBillingClient({
    baseUrl,
    fetch: async (input) => {
      requests.push(String(input));
      return new Promise<Response>(() => {});
    },
  });
  const stripe = vi.fn(() => Promise.resolve(null));
  const html = renderToString(
    <BillingProvider client={client} stripe={stripe} queryClient={queryClient}>
      {ui}
    </BillingProvider>,
  );
  return { html, requests };
}

describe('server rendering (renderToString, no DOM)', () => {
  it('runs where there is no window or document', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('covers every component the kit exports', () => {
    const exported = Object.entries(kit)
      .filter(([name, value]) => /^[A-Z]/.test(name) && typeof value === 'function')
      .filter(([, value]) => !Function.prototype.toString.call(value).startsWith('class'))
      .map(([name]) => name)
      .filter((name) => name !== 'BillingProvider');
    expect(Object.keys(components).sort()).toEqual(exported.sort());
  });

  it.each(Object.keys(components))(
    '%s renders before any data arrives, without sending a request',
    (name) => {
      const render = components[name];
      if (!render) throw new Error(`No renderer for ${name}`);

      // Loading states: skeletons, or nothing for parts that wait for their data.
      const { html, requests } = renderOnServer(render(), new QueryClient());

      expect(typeof html).toBe('string');
      expect(requests).toEqual([]);
    },
  );

  // Parts that show only after an interaction (a chosen change) or on data the fixtures do not have.
  const emptyWhenReady = new Set(['PlanSwitcherConfirm', 'PlanSwitcherScheduledChange']);

  it.each(Object.keys(components))('%s renders its content from prefetched data', (name) => {
    const render = components[name];
    if (!render) throw new Error(`No renderer for ${name}`);

    const { html, requests } = renderOnServer(render(), seededQueryClient());

    if (emptyWhenReady.has(name)) expect(html).toBe('');
    else expect(html).toMatch(/^<\w/);
    expect(requests).toEqual([]);
  });

  it('with prefetched data, the portal renders its content, not skeletons', () => {
    const { html } = renderOnServer(<BillingPortal />, seededQueryClient());

    expect(html).toContain('Your last payment failed');
    expect(html).toContain('$20.00 per month');
    expect(html).toContain('BK-0001');
    expect(html).not.toContain('Loading your subscription');
  });

  it('with prefetched entitlements, Entitled renders the feature; before them, nothing', () => {
    const gate = (
      <Entitled feature="analytics" fallback={<p>Upgrade</p>}>
        <p>Analytics dashboard</p>
      </Entitled>
    );
    expect(renderOnServer(gate, seededQueryClient()).html).toBe('<p>Analytics dashboard</p>');
    expect(renderOnServer(gate, new QueryClient()).html).toBe('');
  });
});
