import { renderHook, screen, waitFor } from '@testing-library/react';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../../test/axe.js';
import {
  createFakeBillingFetch,
  type FakeAnswer,
  jsonResponse,
  never,
} from '../../test/fake-billing-fetch.js';
import { entitlementsFixture, MARCH_1_2027 } from '../../test/portal-fixtures.js';
import { createTestQueryClient, renderWithBilling } from '../../test/render-with-billing.js';
import { BillingProvider, createBillingClient, Entitled, useEntitlements } from '../index.js';

function clientAnswering(entitlements: FakeAnswer[]) {
  const fake = createFakeBillingFetch({ 'GET /entitlements': entitlements });
  return createBillingClient({ baseUrl: 'http://shop.test/api/billing', fetch: fake.fetch });
}

function renderGate(entitlements: FakeAnswer[], gate: ReactElement) {
  return renderWithBilling(gate, {
    client: clientAnswering(entitlements),
    stripe: () => Promise.resolve(null),
  });
}

const analyticsGate = (
  <Entitled feature="analytics" fallback={<p>Upgrade to see analytics</p>}>
    <p>Analytics dashboard</p>
  </Entitled>
);

describe('Entitled', () => {
  it('given an active subscription granting the feature, shows the children', async () => {
    const { container } = renderGate([jsonResponse(entitlementsFixture())], analyticsGate);

    expect(await screen.findByText('Analytics dashboard')).toBeInTheDocument();
    expect(screen.queryByText('Upgrade to see analytics')).not.toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it('given a past-due subscription still within its grace period, shows the children', async () => {
    const inGrace = entitlementsFixture({ status: 'past_due', graceEndsAt: MARCH_1_2027 });
    renderGate([jsonResponse(inGrace)], analyticsGate);

    expect(await screen.findByText('Analytics dashboard')).toBeInTheDocument();
  });

  it('given a canceled subscription, shows the fallback', async () => {
    const canceled = entitlementsFixture({ features: [], status: 'canceled' });
    renderGate([jsonResponse(canceled)], analyticsGate);

    expect(await screen.findByText('Upgrade to see analytics')).toBeInTheDocument();
    expect(screen.queryByText('Analytics dashboard')).not.toBeInTheDocument();
  });

  it('given a plan without the feature, shows the fallback; several features must all be granted', async () => {
    renderGate(
      [jsonResponse(entitlementsFixture({ features: ['analytics'] }))],
      <>
        <Entitled feature="sso" fallback={<p>No SSO</p>}>
          <p>SSO settings</p>
        </Entitled>
        <Entitled feature={['analytics', 'sso']} fallback={<p>Not both</p>}>
          <p>Both</p>
        </Entitled>
      </>,
    );

    expect(await screen.findByText('No SSO')).toBeInTheDocument();
    expect(screen.getByText('Not both')).toBeInTheDocument();
  });

  it('while loading, renders nothing, or the loading prop', async () => {
    const { container } = renderGate(
      [never],
      <>
        {analyticsGate}
        <Entitled feature="analytics" loading={<p>Checking your plan…</p>}>
          <p>Analytics dashboard</p>
        </Entitled>
      </>,
    );

    expect(screen.getByText('Checking your plan…')).toBeInTheDocument();
    expect(container).toHaveTextContent(/^Checking your plan…$/);
  });

  it('given the entitlements cannot be loaded, fails closed and shows the fallback', async () => {
    const failure = jsonResponse({ error: { code: 'internal_error', message: 'Boom.' } }, 500);
    renderGate([failure], analyticsGate);

    expect(await screen.findByText('Upgrade to see analytics')).toBeInTheDocument();
  });
});

describe('useEntitlements', () => {
  it('returns the features, the subscription status and the grace end as a Date', async () => {
    const inGrace = entitlementsFixture({
      features: ['analytics', 'sso'],
      status: 'past_due',
      graceEndsAt: MARCH_1_2027,
    });
    const client = clientAnswering([jsonResponse(inGrace)]);
    const queryClient = createTestQueryClient();
    const { result } = renderHook(() => useEntitlements(), {
      wrapper: ({ children }) => (
        <BillingProvider client={client} stripe={() => Promise.resolve(null)} queryClient={queryClient}>
          {children}
        </BillingProvider>
      ),
    });

    expect(result.current.state).toBe('loading');
    expect(result.current.has('analytics')).toBe(false);
    await waitFor(() => expect(result.current.state).toBe('ready'));
    expect(result.current.features).toEqual(['analytics', 'sso']);
    expect(result.current.status).toBe('past_due');
    expect(result.current.graceEndsAt?.toISOString()).toBe('2027-03-01T12:00:00.000Z');
    expect(result.current.has(['analytics', 'sso'])).toBe(true);
    expect(result.current.has('exports')).toBe(false);
  });
});
