import type { Plan, Price } from '@billing-kit/core';
import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe.js';
import { catalogResponse, proPlan, teamPlan } from '../../test/catalog-fixture.js';
import {
  createFakeBillingFetch,
  type FakeAnswer,
  jsonResponse,
  never,
} from '../../test/fake-billing-fetch.js';
import { renderWithBilling } from '../../test/render-with-billing.js';
import { createBillingClient, deMessages, PricingTable } from '../index.js';

const baseUrl = 'http://shop.test/api/billing';

function setup(catalogAnswers: FakeAnswer[], onSelect = vi.fn()) {
  const fake = createFakeBillingFetch({ 'GET /catalog': catalogAnswers });
  const stripeLoader = vi.fn(() => never());
  const client = createBillingClient({ baseUrl, fetch: fake.fetch });
  const view = renderWithBilling(<PricingTable onSelect={onSelect} />, { client, stripe: stripeLoader });
  return { ...view, fake, stripeLoader, onSelect };
}

function planCard(name: string): HTMLElement {
  return screen.getByRole('listitem', { name });
}

describe('PricingTable', () => {
  it('given the catalog is loading, announces it and shows a skeleton', async () => {
    const { container } = setup([() => never()]);

    expect(screen.getByRole('status')).toHaveTextContent('Loading plans…');
    expect(container.querySelector('[data-slot="pricing-table"]')).toHaveAttribute('data-state', 'loading');
    expect(container.querySelectorAll('[data-slot="pricing-table-skeleton-card"]')).toHaveLength(3);
    await expectNoAxeViolations(container);
  });

  it('given the catalog fails to load, shows an error, and Retry loads the plans', async () => {
    const user = userEvent.setup();
    const { container, fake } = setup([
      jsonResponse({ error: { code: 'internal_error', message: 'Something went wrong.' } }, 500),
      jsonResponse(catalogResponse()),
    ]);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("We couldn't load the plans.");
    await expectNoAxeViolations(container);

    await user.click(within(alert).getByRole('button', { name: 'Retry' }));

    expect(await screen.findByRole('heading', { name: 'Pro' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(fake.requests.filter((request) => request.path === '/catalog')).toHaveLength(2);
  });

  it('given an empty catalog, says no plans are available', async () => {
    const { container } = setup([jsonResponse(catalogResponse({ plans: [] }))]);

    expect(await screen.findByText('No plans are available right now.')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it('given plans, shows monthly prices, features and the highlighted plan', async () => {
    const { container } = setup([jsonResponse(catalogResponse())]);

    await screen.findByRole('heading', { name: 'Pro' });
    expect(within(planCard('Basic')).getByText('$10.00 per month')).toBeInTheDocument();
    expect(within(planCard('Pro')).getByText('$20.00 per month')).toBeInTheDocument();
    expect(within(planCard('Team')).getByText('$15.00 per seat per month')).toBeInTheDocument();
    expect(within(planCard('Pro')).getByRole('list', { name: 'Features of Pro' })).toHaveTextContent(
      'Analytics',
    );
    expect(planCard('Pro')).toHaveAttribute('data-highlighted');
    expect(within(planCard('Pro')).getByText('Most popular')).toBeInTheDocument();
    expect(planCard('Basic')).not.toHaveAttribute('data-highlighted');
    await expectNoAxeViolations(container);
  });

  it('when the customer toggles to yearly, shows yearly prices and the saving', async () => {
    const user = userEvent.setup();
    const { container } = setup([jsonResponse(catalogResponse())]);
    await screen.findByRole('heading', { name: 'Pro' });

    const yearly = screen.getByRole('radio', { name: /yearly/i });
    expect(yearly).toHaveTextContent('Save 17%');
    expect(yearly).toHaveAttribute('aria-checked', 'false');

    await user.click(yearly);

    expect(yearly).toHaveAttribute('aria-checked', 'true');
    expect(within(planCard('Pro')).getByText('$200.00 per year')).toBeInTheDocument();
    expect(within(planCard('Basic')).getByText('$100.00 per year')).toBeInTheDocument();
    expect(screen.queryByText('$20.00 per month')).not.toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it('when the customer uses the keyboard, the interval toggle and plan buttons respond', async () => {
    const user = userEvent.setup();
    const { onSelect } = setup([jsonResponse(catalogResponse())]);
    await screen.findByRole('heading', { name: 'Pro' });

    await user.tab();
    expect(screen.getByRole('radio', { name: 'Monthly' })).toHaveFocus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('radio', { name: /yearly/i })).toHaveFocus();
    await user.keyboard(' ');
    expect(within(planCard('Pro')).getByText('$200.00 per year')).toBeInTheDocument();

    within(planCard('Pro')).getByRole('button', { name: 'Choose Pro' }).focus();
    await user.keyboard('{Enter}');
    expect(onSelect).toHaveBeenCalledWith({
      priceId: 'price_pro_year',
      quantity: 1,
      plan: proPlan,
      state: 'available',
    });
  });

  it('when the customer chooses a plan, calls onSelect with its price for the selected interval', async () => {
    const user = userEvent.setup();
    const { onSelect } = setup([jsonResponse(catalogResponse())]);
    await screen.findByRole('heading', { name: 'Pro' });

    await user.click(screen.getByRole('button', { name: 'Choose Pro' }));
    expect(onSelect).toHaveBeenCalledTimes(1);
    expect(onSelect).toHaveBeenCalledWith({
      priceId: 'price_pro_month',
      quantity: 1,
      plan: proPlan,
      state: 'available',
    });

    await user.click(screen.getByRole('radio', { name: /yearly/i }));
    await user.click(screen.getByRole('button', { name: 'Choose Pro' }));
    expect(onSelect).toHaveBeenLastCalledWith({
      priceId: 'price_pro_year',
      quantity: 1,
      plan: proPlan,
      state: 'available',
    });
  });

  it('given a per-seat plan, the chosen seats set the total and the quantity passed to onSelect', async () => {
    const user = userEvent.setup();
    const { onSelect } = setup([jsonResponse(catalogResponse())]);
    await screen.findByRole('heading', { name: 'Team' });

    const seats = screen.getByLabelText('Seats for Team');
    await user.clear(seats);
    await user.type(seats, '3');

    expect(within(planCard('Team')).getByText('$45.00 per month for 3 seats')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Choose Team' }));
    expect(onSelect).toHaveBeenCalledWith({
      priceId: 'price_team_month',
      quantity: 3,
      plan: teamPlan,
      state: 'available',
    });
  });

  it('given a current plan, marks it and labels the others as upgrades or switches', async () => {
    const { container } = setup([jsonResponse(catalogResponse({ currentPriceId: 'price_basic_month' }))]);
    await screen.findByRole('heading', { name: 'Pro' });

    expect(planCard('Basic')).toHaveAttribute('data-state', 'current');
    expect(within(planCard('Basic')).getByRole('button', { name: 'Current plan' })).toBeDisabled();
    expect(planCard('Pro')).toHaveAttribute('data-state', 'upgrade');
    expect(within(planCard('Pro')).getByRole('button', { name: 'Upgrade to Pro' })).toBeEnabled();
    await expectNoAxeViolations(container);
  });

  it('given a cheaper plan than the current one, offers to switch down to it', async () => {
    setup([jsonResponse(catalogResponse({ currentPriceId: 'price_pro_month' }))]);
    await screen.findByRole('heading', { name: 'Pro' });

    expect(planCard('Basic')).toHaveAttribute('data-state', 'downgrade');
    expect(within(planCard('Basic')).getByRole('button', { name: 'Switch to Basic' })).toBeEnabled();
  });

  it('never calls the Stripe.js loader, so a page with only a pricing table loads no Stripe.js', async () => {
    const { stripeLoader } = setup([jsonResponse(catalogResponse())]);

    await screen.findByRole('heading', { name: 'Pro' });
    expect(stripeLoader).not.toHaveBeenCalled();
  });

  it('given message overrides on the provider, shows them instead of the English defaults', async () => {
    const fake = createFakeBillingFetch({ 'GET /catalog': [jsonResponse(catalogResponse())] });
    const client = createBillingClient({ baseUrl, fetch: fake.fetch });
    renderWithBilling(<PricingTable />, {
      client,
      stripe: () => never(),
      locale: 'de-DE',
      messages: {
        choosePlan: '{plan} wählen',
        pricePerInterval: '{price} pro {interval}',
        intervalMonth: 'Monat',
      },
    });

    expect(await screen.findByRole('button', { name: 'Pro wählen' })).toBeInTheDocument();
    expect(within(planCard('Pro')).getByText('20,00 $ pro Monat')).toBeInTheDocument();
  });

  it('given a tiered price, shows "from" the first tier and a keyboard-operable tier table', async () => {
    const user = userEvent.setup();
    const tiered: Price = {
      ...(proPlan.prices[0] as Price),
      id: 'price_api_month',
      productId: 'prod_api',
      unitAmount: null,
      billingScheme: 'tiered',
      tiersMode: 'graduated',
      tiers: [
        { upTo: 10, unitAmount: 500, flatAmount: null },
        { upTo: 100, unitAmount: 300, flatAmount: 1000 },
        { upTo: null, unitAmount: 100, flatAmount: null },
      ],
    };
    const api: Plan = { ...proPlan, id: 'prod_api', name: 'API', perSeat: true, prices: [tiered] };
    const { container } = setup([jsonResponse(catalogResponse({ plans: [api] }))]);

    const card = await screen.findByRole('listitem', { name: 'API' });
    expect(within(card).getByText('From $5.00 per seat per month')).toBeInTheDocument();
    const toggle = within(card).getByText('See pricing tiers');
    toggle.focus();
    await user.keyboard('{Enter}');
    const table = within(card).getByRole('table', { name: 'Pricing tiers of API' });
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => row.textContent);
    expect(rows).toEqual([
      'UnitsPer unitFlat fee',
      '1 to 10$5.00—',
      '11 to 100$3.00$10.00',
      '101 and more$1.00—',
    ]);
    // 12 seats: 10 × $5 + 2 × $3 + $10 flat.
    await user.clear(within(card).getByLabelText('Seats for API'));
    await user.type(within(card).getByLabelText('Seats for API'), '12');
    expect(within(card).getByText('$66.00 per month for 12 seats')).toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it('given a price in yen, shows it without decimals', async () => {
    const yen: Plan = {
      ...proPlan,
      prices: [{ ...(proPlan.prices[0] as Price), currency: 'jpy', unitAmount: 3000 }],
    };
    setup([jsonResponse(catalogResponse({ plans: [yen] }))]);

    expect(await screen.findByText('¥3,000 per month')).toBeInTheDocument();
  });

  it('given a price with a trial, shows the trial badge', async () => {
    const trial: Plan = {
      ...proPlan,
      prices: [{ ...(proPlan.prices[0] as Price), trialPeriodDays: 14 }],
    };
    setup([jsonResponse(catalogResponse({ plans: [trial] }))]);

    const card = await screen.findByRole('listitem', { name: 'Pro' });
    expect(within(card).getByText('14-day free trial')).toBeInTheDocument();
  });

  it('given a current customer and onChangePlan, routes other plans there with their state', async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    const onChangePlan = vi.fn();
    const fake = createFakeBillingFetch({
      'GET /catalog': [jsonResponse(catalogResponse({ currentPriceId: 'price_basic_month' }))],
    });
    renderWithBilling(<PricingTable onSelect={onSelect} onChangePlan={onChangePlan} />, {
      client: createBillingClient({ baseUrl, fetch: fake.fetch }),
      stripe: () => never(),
    });

    await user.click(await screen.findByRole('button', { name: 'Upgrade to Pro' }));

    expect(onChangePlan).toHaveBeenCalledWith(
      expect.objectContaining({ priceId: 'price_pro_month', quantity: 1, state: 'upgrade' }),
    );
    expect(onSelect).not.toHaveBeenCalled();
  });

  it('given twelve plans, renders them all in one grid list', async () => {
    const plans = Array.from({ length: 12 }, (_, index) => ({
      ...proPlan,
      id: `prod_${index}`,
      name: `Plan ${index + 1}`,
      highlighted: index === 5,
      prices: [{ ...(proPlan.prices[0] as Price), id: `price_${index}`, unitAmount: 1000 * (index + 1) }],
    }));
    const { container } = setup([jsonResponse(catalogResponse({ plans }))]);

    expect(await screen.findAllByRole('listitem', { name: /^Plan \d+$/ })).toHaveLength(12);
    expect(screen.getByText('$120.00 per month')).toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it('in German, shows German words and de-DE money', async () => {
    const fake = createFakeBillingFetch({ 'GET /catalog': [jsonResponse(catalogResponse())] });
    renderWithBilling(<PricingTable />, {
      client: createBillingClient({ baseUrl, fetch: fake.fetch }),
      stripe: () => never(),
      locale: 'de-DE',
      messages: deMessages,
    });

    const card = await screen.findByRole('listitem', { name: 'Pro' });
    expect(within(card).getByText('20,00 $ pro Monat')).toBeInTheDocument();
    expect(within(card).getByText('Am beliebtesten')).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Pro wählen' })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: /Jährlich/ })).toBeInTheDocument();
  });
});
