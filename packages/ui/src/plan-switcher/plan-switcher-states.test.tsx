import type { PreviewPlanChangeResponse, SubscriptionSummary } from '@billing-kit/core';
import { renderHook, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe.js';
import { catalogResponse } from '../../test/catalog-fixture.js';
import {
  createFakeBillingFetch,
  type FakeAnswer,
  jsonResponse,
  never,
} from '../../test/fake-billing-fetch.js';
import { renderWithBilling } from '../../test/render-with-billing.js';
import { createBillingClient, deMessages, PlanSwitcher, usePlanSwitcher } from '../index.js';

// States hard to reach with the real server (loading, failures) come from a fake at the HTTP boundary, answering
// bodies shaped by the core schemas.

const MARCH_1_2027 = Date.UTC(2027, 2, 1, 12) / 1000;

function subscription(overrides: Partial<SubscriptionSummary> = {}): SubscriptionSummary {
  return {
    id: 'sub_1',
    status: 'active',
    planId: 'prod_pro',
    planName: 'Pro',
    priceId: 'price_pro_month',
    interval: 'month',
    currency: 'usd',
    unitAmount: 2000,
    quantity: 1,
    currentPeriodStart: MARCH_1_2027 - 28 * 86_400,
    currentPeriodEnd: MARCH_1_2027,
    cancelAtPeriodEnd: false,
    trialEnd: null,
    syncedAt: MARCH_1_2027 - 86_400,
    scheduledChange: null,
    nextInvoice: { amount: 2000, date: MARCH_1_2027 },
    latestInvoiceStatus: 'paid',
    pastDueSince: null,
    ...overrides,
  };
}

function downgradePreview(overrides: Partial<PreviewPlanChangeResponse> = {}): PreviewPlanChangeResponse {
  return {
    kind: 'downgrade',
    appliesAt: 'period_end',
    prorationDate: MARCH_1_2027 - 86_400,
    lines: [],
    creditForUnusedTime: 0,
    chargeForNewPlan: 0,
    amountDueNow: 0,
    nextInvoiceDate: MARCH_1_2027,
    nextInvoiceAmount: 1000,
    effectiveAt: MARCH_1_2027,
    currency: 'usd',
    target: { priceId: 'price_basic_month', planName: 'Basic', interval: 'month', quantity: 1 },
    ...overrides,
  };
}

function renderSwitcher(
  answers: Record<string, FakeAnswer[]>,
  props: { debounceMs?: number; locale?: string; german?: boolean } = {},
) {
  const fake = createFakeBillingFetch({
    'GET /catalog': [jsonResponse(catalogResponse({ currentPriceId: 'price_pro_month' }))],
    'GET /subscriptions': [jsonResponse({ subscriptions: [subscription()] })],
    ...answers,
  });
  const client = createBillingClient({ baseUrl: 'http://shop.test/api/billing', fetch: fake.fetch });
  const stripe = vi.fn(() => never());
  const view = renderWithBilling(<PlanSwitcher subscriptionId="sub_1" debounceMs={props.debounceMs ?? 0} />, {
    client,
    stripe,
    ...(props.locale ? { locale: props.locale } : {}),
    ...(props.german ? { messages: deMessages } : {}),
  });
  const previewRequests = () => fake.requests.filter((request) => request.path.endsWith('/preview-change'));
  return { ...view, fake, previewRequests, stripe };
}

describe('PlanSwitcher states', () => {
  it('while loading, announces it and shows a skeleton', async () => {
    const { container } = renderSwitcher({ 'GET /subscriptions': [() => never()] });

    expect(screen.getByText('Loading your plan…')).toHaveAttribute('role', 'status');
    expect(container.querySelector('[data-slot="plan-switcher"]')).toHaveAttribute('data-state', 'loading');
    await expectNoAxeViolations(container);
  });

  it('given the subscriptions fail to load, offers a retry that recovers', async () => {
    const user = userEvent.setup();
    const { container } = renderSwitcher({
      'GET /subscriptions': [
        jsonResponse({ error: { code: 'internal_error', message: 'Oops.' } }, 500),
        jsonResponse({ subscriptions: [subscription()] }),
      ],
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("We couldn't load your plan.");
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole('button', { name: 'Retry' }));

    expect(await screen.findByRole('radio', { name: 'Pro' })).toBeChecked();
  });

  it('given both reads fail, one after the other, waits for both and recovers with one Retry', async () => {
    const user = userEvent.setup();
    let failSubscriptions: (response: Response) => void = () => {};
    const serverError = () => jsonResponse({ error: { code: 'internal_error', message: 'Oops.' } }, 500);
    const { fake } = renderSwitcher({
      'GET /catalog': [serverError(), jsonResponse(catalogResponse({ currentPriceId: 'price_pro_month' }))],
      'GET /subscriptions': [
        () => new Promise<Response>((resolve) => (failSubscriptions = resolve)),
        jsonResponse({ subscriptions: [subscription()] }),
      ],
    });
    await waitFor(() => expect(fake.requests.map((request) => request.path)).toContain('/subscriptions'));
    await new Promise((resolve) => setTimeout(resolve, 50));

    // The catalog has failed, the subscriptions are still on their way: an error now would need a second Retry.
    expect(screen.getByText('Loading your plan…')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    failSubscriptions(serverError());
    expect(await screen.findByRole('alert')).toHaveTextContent("We couldn't load your plan.");
    await user.click(screen.getByRole('button', { name: 'Retry' }));

    expect(await screen.findByRole('radio', { name: 'Pro' })).toBeChecked();
  });

  it('given a subscription that is not the customer’s, says there is nothing to change', async () => {
    const { container } = renderSwitcher({ 'GET /subscriptions': [jsonResponse({ subscriptions: [] })] });

    expect(await screen.findByText("You don't have a subscription to change.")).toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it('moves between plans with the arrow keys and previews only the choice the customer rests on', async () => {
    const user = userEvent.setup();
    renderSwitcher(
      { 'POST /subscriptions/sub_1/preview-change': [jsonResponse(downgradePreview())] },
      // Long enough that "Calculating" is still showing on a loaded CI machine when the test looks for it.
      { debounceMs: 1500 },
    );
    const pro = await screen.findByRole('radio', { name: 'Pro' });
    expect(pro).toHaveAccessibleDescription('$20.00 per month · Current plan');

    await user.click(pro);
    // Radix selects the radio that receives focus while an arrow key is held, and moves focus on the next tick.
    await user.keyboard('{ArrowLeft>}');
    await waitFor(() => expect(screen.getByRole('radio', { name: 'Basic' })).toBeChecked());
    await user.keyboard('{/ArrowLeft}');
    expect(screen.getByRole('radio', { name: 'Basic' })).toHaveFocus();
    expect(screen.getByText('Calculating the price of this change…')).toBeInTheDocument();

    expect(await screen.findByRole('region', { name: 'What changes' })).toHaveTextContent(
      'Changes to Basic on March 1, 2027',
    );
    expect(screen.getByRole('button', { name: 'Change to Basic on March 1, 2027' })).toBeEnabled();
  });

  it('debounces quick changes into one preview request, for the last choice', async () => {
    const user = userEvent.setup();
    const { previewRequests } = renderSwitcher(
      {
        'POST /subscriptions/sub_1/preview-change': [
          jsonResponse(
            downgradePreview({
              kind: 'quantity_increase',
              appliesAt: 'now',
              amountDueNow: 1200,
              target: { priceId: 'price_team_month', planName: 'Team', interval: 'month', quantity: 3 },
            }),
          ),
        ],
      },
      // Longer than the gaps between clearing and typing even on a loaded CI machine.
      { debounceMs: 2000 },
    );

    await user.click(await screen.findByRole('radio', { name: 'Team' }));
    const seats = screen.getByRole('spinbutton', { name: 'Seats' });
    await user.clear(seats);
    await user.type(seats, '3');

    expect(await screen.findByRole('button', { name: 'Pay $12.00 now and switch' })).toBeEnabled();
    expect(previewRequests().map((request) => request.body)).toEqual([
      { priceId: 'price_team_month', quantity: 3 },
    ]);
  });

  it('given the preview fails, says so and retries', async () => {
    const user = userEvent.setup();
    const { container } = renderSwitcher({
      'POST /subscriptions/sub_1/preview-change': [
        jsonResponse({ error: { code: 'internal_error', message: 'Oops.' } }, 500),
        jsonResponse(downgradePreview()),
      ],
    });

    await user.click(await screen.findByRole('radio', { name: 'Basic' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "We couldn't calculate the price of this change.",
    );
    expect(screen.getByRole('button', { name: 'Switch to Basic' })).toBeDisabled();
    await expectNoAxeViolations(container);

    await user.click(screen.getByRole('button', { name: 'Retry' }));

    expect(await screen.findByRole('region', { name: 'What changes' })).toBeInTheDocument();
  });

  it('given a change scheduled already, shows it; a failure to cancel it is said in plain words', async () => {
    const user = userEvent.setup();
    const scheduled = subscription({
      scheduledChange: {
        priceId: 'price_basic_month',
        planName: 'Basic',
        interval: 'month',
        quantity: 1,
        effectiveAt: MARCH_1_2027,
      },
    });
    const { container } = renderSwitcher({
      'GET /subscriptions': [jsonResponse({ subscriptions: [scheduled] })],
      'POST /subscriptions/sub_1/cancel-scheduled-change': [
        jsonResponse({ error: { code: 'internal_error', message: 'Oops.' } }, 500),
      ],
    });

    expect(await screen.findByText('Changes to Basic on March 1, 2027')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Keep Pro' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      "We couldn't cancel the scheduled change. Please try again.",
    );
    await expectNoAxeViolations(container);
  });

  it('speaks German with German dates and money', async () => {
    const user = userEvent.setup();
    renderSwitcher(
      {
        'POST /subscriptions/sub_1/preview-change': [
          jsonResponse(downgradePreview({ currency: 'eur', nextInvoiceAmount: 1000 })),
        ],
      },
      { locale: 'de-DE', german: true },
    );

    await user.click(await screen.findByRole('radio', { name: 'Basic' }));

    const preview = await screen.findByRole('region', { name: 'Was sich ändert' });
    expect(preview).toHaveTextContent('Wechsel zu Basic am 1. März 2027');
    expect(preview).toHaveTextContent('10,00 € am 1. März 2027');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Am 1. März 2027 zu Basic wechseln' })).toBeEnabled(),
    );
  });

  it('used outside <BillingProvider>, throws an error naming the hook and the provider', () => {
    // React reports the render error to the console before rethrowing it; keep the test output readable.
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});

    expect(() => renderHook(() => usePlanSwitcher({ subscriptionId: 'sub_1' }))).toThrow(
      'usePlanSwitcher must be used inside <BillingProvider>',
    );
    consoleError.mockRestore();
  });
});
