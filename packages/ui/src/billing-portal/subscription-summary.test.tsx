import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe.js';
import {
  createFakeBillingFetch,
  type FakeAnswer,
  jsonResponse,
  never,
} from '../../test/fake-billing-fetch.js';
import { MARCH_1_2027, subscriptionFixture } from '../../test/portal-fixtures.js';
import { renderWithBilling } from '../../test/render-with-billing.js';
import { createBillingClient, deMessages, SubscriptionSummary } from '../index.js';

const serverError = () =>
  jsonResponse({ error: { code: 'internal_error', message: 'Something went wrong.' } }, 500);

function renderSummary(
  subscriptions: FakeAnswer[],
  options: {
    locale?: string;
    german?: boolean;
    onNavigateToPlans?: (event: { preventDefault(): void }) => void;
  } = {},
) {
  const fake = createFakeBillingFetch({ 'GET /subscriptions': subscriptions });
  const client = createBillingClient({ baseUrl: 'http://shop.test/api/billing', fetch: fake.fetch });
  const view = renderWithBilling(
    <SubscriptionSummary pricingHref="/pricing" onNavigateToPlans={options.onNavigateToPlans} />,
    {
      client,
      stripe: () => Promise.resolve(null),
      ...(options.locale ? { locale: options.locale } : {}),
      ...(options.german ? { messages: deMessages } : {}),
    },
  );
  return { ...view, fake };
}

function details(): HTMLElement {
  return screen.getByRole('region', { name: 'Your plan' });
}

function row(label: string): string {
  const term = within(details()).getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent ?? '';
}

describe('SubscriptionSummary', () => {
  it('given the subscriptions are loading, shows a skeleton announced once', async () => {
    const { container } = renderSummary([never]);

    expect(screen.getByRole('status')).toHaveTextContent('Loading your subscription…');
    expect(container.querySelector('[data-slot="subscription-summary"]')).toHaveAttribute(
      'data-state',
      'loading',
    );
    expect(details()).toHaveAttribute('aria-busy', 'true');
    await expectNoAxeViolations(container);
  });

  it('given the server fails, says so and Retry loads it', async () => {
    const user = userEvent.setup();
    const { container, fake } = renderSummary([
      serverError,
      () => jsonResponse({ subscriptions: [subscriptionFixture()] }),
    ]);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("We couldn't load your subscription.");
    await expectNoAxeViolations(container);

    await user.click(within(alert).getByRole('button', { name: 'Retry' }));

    expect(await screen.findByText('Pro')).toBeInTheDocument();
    expect(fake.requests.filter((request) => request.path === '/subscriptions')).toHaveLength(2);
  });

  it('given no subscription, points to the plans and lets the host route', async () => {
    const user = userEvent.setup();
    const onNavigateToPlans = vi.fn((event: { preventDefault(): void }) => event.preventDefault());
    const ended = subscriptionFixture({ status: 'canceled', nextInvoice: null });
    const { container } = renderSummary([jsonResponse({ subscriptions: [ended] })], { onNavigateToPlans });

    expect(await screen.findByText("You don't have a subscription yet.")).toBeInTheDocument();
    const link = screen.getByRole('link', { name: 'See plans' });
    expect(link).toHaveAttribute('href', '/pricing');
    await expectNoAxeViolations(container);

    await user.click(link);
    expect(onNavigateToPlans).toHaveBeenCalledTimes(1);
  });

  it('given an active subscription, shows plan, status, price and the next renewal', async () => {
    const { container } = renderSummary([jsonResponse({ subscriptions: [subscriptionFixture()] })]);

    await screen.findByText('Pro');
    expect(row('Plan')).toBe('Pro');
    expect(row('Status')).toBe('Active');
    expect(within(details()).getByText('Active')).toHaveAttribute('data-state', 'active');
    expect(row('Price')).toBe('$20.00 per month');
    expect(row('Next renewal')).toBe('$20.00 on March 1, 2027');
    expect(within(details()).queryByText('Seats')).not.toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it('given a per-seat subscription in yen, shows the seats and whole yen', async () => {
    const team = subscriptionFixture({
      planName: 'Team',
      currency: 'jpy',
      unitAmount: 1500,
      quantity: 4,
      nextInvoice: { amount: 6000, date: MARCH_1_2027 },
    });
    renderSummary([jsonResponse({ subscriptions: [team] })]);

    await screen.findByText('Team');
    expect(row('Seats')).toBe('4');
    expect(row('Price')).toBe('¥1,500 per seat per month');
    expect(row('Next renewal')).toBe('¥6,000 on March 1, 2027');
  });

  it('given a trial, says when it ends', async () => {
    const trialing = subscriptionFixture({ status: 'trialing', trialEnd: MARCH_1_2027 });
    const { container } = renderSummary([jsonResponse({ subscriptions: [trialing] })]);

    expect(await screen.findByText('Your trial ends on March 1, 2027.')).toBeInTheDocument();
    expect(row('Status')).toBe('Trial');
    await expectNoAxeViolations(container);
  });

  it('given a past-due subscription, shows the status', async () => {
    const pastDue = subscriptionFixture({ status: 'past_due', latestInvoiceStatus: 'open' });
    renderSummary([jsonResponse({ subscriptions: [pastDue] })]);

    await screen.findByText('Pro');
    expect(row('Status')).toBe('Past due');
    expect(within(details()).getByText('Past due')).toHaveAttribute('data-variant', 'danger');
  });

  it('given a scheduled downgrade, says what it changes to and when', async () => {
    const downgrading = subscriptionFixture({
      scheduledChange: {
        priceId: 'price_basic_month',
        planName: 'Starter',
        interval: 'month',
        quantity: 1,
        effectiveAt: MARCH_1_2027,
      },
      nextInvoice: { amount: 1000, date: MARCH_1_2027 },
    });
    const { container } = renderSummary([jsonResponse({ subscriptions: [downgrading] })]);

    expect(await screen.findByText('Changes to Starter on March 1, 2027.')).toBeInTheDocument();
    expect(row('Next renewal')).toBe('$10.00 on March 1, 2027');
    await expectNoAxeViolations(container);
  });

  it('given a cancellation at period end, says when it ends and that it does not renew', async () => {
    const ending = subscriptionFixture({ cancelAtPeriodEnd: true, nextInvoice: null });
    renderSummary([jsonResponse({ subscriptions: [ending] })]);

    expect(await screen.findByText('Your subscription ends on March 1, 2027.')).toBeInTheDocument();
    expect(row('Next renewal')).toBe('Does not renew');
  });

  it('in German, formats dates and money the German way', async () => {
    const euro = subscriptionFixture({ currency: 'eur', nextInvoice: { amount: 2000, date: MARCH_1_2027 } });
    renderSummary([jsonResponse({ subscriptions: [euro] })], { locale: 'de-DE', german: true });

    await screen.findByRole('region', { name: 'Ihr Tarif' });
    expect(await screen.findByText('Aktiv')).toBeInTheDocument();
    const renewal = screen.getByText('Nächste Verlängerung').nextElementSibling?.textContent;
    expect(renewal?.replace(/\s/g, ' ')).toBe('20,00 € am 1. März 2027');
  });
});
