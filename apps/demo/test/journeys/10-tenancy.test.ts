import { describe, expect, it } from 'vitest';
import { expectPlanShown, planSection, subscribeThroughCheckout } from '../journey-steps.js';
import { setUpJourneyWorld } from '../journey-world.js';
import { readStripeSubscriptions } from '../stripe-mirror.js';
import { priceIdOf } from '../stripe-prices.js';

// Journey 10: a user of the second organisation (Carol, Globex) sees none of the first one's (Acme) billing,
// through the UI and through direct requests to the API with her own cookie.
describe('journey 10: tenancy between organisations', () => {
  const world = setUpJourneyWorld();

  it("keeps Acme's billing out of Globex's sight and reach", async () => {
    const alice = await world.signIn('Alice', '10-tenancy');
    await subscribeThroughCheckout(alice, 'Pro', { submit: 'Start free trial' });
    await expectPlanShown(alice.page, 'Pro', 'Trial');
    const acme = await alice.expectMirrorMatchesStripe();
    const acmeSubscription = acme.stripe[0]?.id ?? '';
    const acmeCards = await world.demo.stripe.customers.listPaymentMethods(acme.state.customerId);
    const acmeCard = acmeCards.data[0]?.id ?? '';
    const acmeInvoices = await world.demo.stripe.invoices.list({ customer: acme.state.customerId });
    const acmeInvoice = acmeInvoices.data[0]?.id ?? '';
    expect([acmeSubscription, acmeCard, acmeInvoice].every(Boolean)).toBe(true);
    const acmeBefore = await acmeInStripe();

    // Same browser, another user: switching to Carol shows Globex's (empty) billing, nothing cached from Acme.
    const { page } = alice;
    await page
      .getByRole('combobox', { name: /^Signed in as/ })
      .selectOption({ label: 'Carol (Globex Corp.)' });
    await page.getByText("You don't have a subscription yet.").waitFor();
    expect(await page.getByText('Pro', { exact: true }).count()).toBe(0);
    // Reopened as Carol, the billing settings still hold nothing of Acme's (and load no Stripe.js).
    await alice.load('/billing');
    await page.getByText("You don't have a subscription yet.").waitFor();
    expect(await page.getByText('Pro', { exact: true }).count()).toBe(0);
    await alice.checkPage();

    // Carol in a browser of her own: no plan, no card, no invoice of Acme's; Analytics is locked.
    const carol = await world.signIn('Carol', '10-tenancy');
    await carol.navigate('Billing settings');
    await planSection(carol.page).getByText("You don't have a subscription yet.").waitFor();
    await carol.page.getByRole('region', { name: 'Invoices' }).getByText('No invoices yet.').waitFor();
    // Without a subscription the portal shows no card section; Acme's card shows nowhere.
    expect(await carol.page.getByText(/ending in \d{4}/).count()).toBe(0);
    await carol.checkPage();
    await carol.navigate('Analytics');
    await carol.page.getByText('Analytics is part of Pro and Business.').waitFor();
    await carol.checkPage();
    const globex = await carol.devState();
    expect(globex.org.name).toBe('Globex Corp.');
    expect(globex.customerId).not.toBe(acme.state.customerId);
    expect(globex.mirror).toEqual([]);
    expect(JSON.stringify(globex)).not.toContain(acme.state.customerId);

    // Direct requests with Carol's cookie against Acme's ids: each one 404, as if the id did not exist.
    const api = `${world.demo.url}/api/billing`;
    const request = carol.context.request;
    const businessMonthly = await priceIdOf(world.demo.stripe, 'demo_business_monthly');
    const attempts: Array<[string, string, unknown?]> = [
      ['POST', `/subscriptions/${acmeSubscription}/cancel`, {}],
      ['POST', `/subscriptions/${acmeSubscription}/resume`, {}],
      ['POST', `/subscriptions/${acmeSubscription}/confirm`, {}],
      [
        'POST',
        `/subscriptions/${acmeSubscription}/preview-change`,
        { priceId: businessMonthly, quantity: 3 },
      ],
      [
        'POST',
        `/subscriptions/${acmeSubscription}/change`,
        { priceId: businessMonthly, quantity: 3, prorationDate: Math.floor(Date.now() / 1000) },
      ],
      ['POST', `/subscriptions/${acmeSubscription}/cancel-scheduled-change`, {}],
      ['POST', `/payment-methods/${acmeCard}/default`, {}],
      ['DELETE', `/payment-methods/${acmeCard}`],
      ['POST', `/invoices/${acmeInvoice}/pay`, {}],
    ];
    for (const [method, path, body] of attempts) {
      const response = await request.fetch(`${api}${path}`, {
        method,
        headers: { 'idempotency-key': `tenancy-${method}-${path}` },
        ...(body === undefined ? {} : { data: body }),
      });
      expect(`${method} ${path} -> ${response.status()}`).toBe(`${method} ${path} -> 404`);
      const text = await response.text();
      expect(text).not.toContain(acme.state.customerId);
    }
    for (const path of ['/subscriptions', '/invoices', '/payment-methods']) {
      const response = await request.get(`${api}${path}`);
      expect(response.status()).toBe(200);
      const text = await response.text();
      expect(text, `GET ${path} as Carol`).not.toContain(acmeSubscription);
      expect(text, `GET ${path} as Carol`).not.toContain(acmeCard);
      expect(text, `GET ${path} as Carol`).not.toContain(acmeInvoice);
    }
    // Not even the price of a change to Acme's plan was computed for her.
    const catalog = (await (await request.get(`${api}/catalog`)).json()) as { currentPriceId: string | null };
    expect(catalog.currentPriceId).toBeNull();

    // Nothing changed at Acme: Stripe's subscription, cards, default card and invoices, and the mirror.
    expect(await acmeInStripe()).toEqual(acmeBefore);
    await page.getByRole('combobox', { name: /^Signed in as/ }).selectOption({ label: 'Alice (Acme Inc.)' });
    await expectPlanShown(page, 'Pro', 'Trial');
    const acmeAfter = await alice.expectMirrorMatchesStripe();
    expect(acmeAfter.state.mirror).toEqual(acme.state.mirror);
    await carol.close();
    await alice.close();

    async function acmeInStripe() {
      const stripe = world.demo.stripe;
      const customerId = acme.state.customerId;
      const customer = await stripe.customers.retrieve(customerId);
      return {
        subscriptions: await readStripeSubscriptions(stripe, customerId),
        cards: (await stripe.customers.listPaymentMethods(customerId)).data.map((card) => card.id),
        defaultCard: customer.deleted ? null : customer.invoice_settings.default_payment_method,
        invoices: (await stripe.invoices.list({ customer: customerId })).data.map((invoice) => [
          invoice.id,
          invoice.status,
          invoice.amount_paid,
        ]),
      };
    }
  });
});
