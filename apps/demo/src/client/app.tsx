import { formatMessage, useBilling } from '@billing-kit/ui';
import { useState } from 'react';
import { DevPanel } from './dev-panel/dev-panel.js';
import { AnalyticsPage } from './pages/analytics-page.js';
import { BillingPage } from './pages/billing-page.js';
import { CheckoutPage } from './pages/checkout-page.js';
import { PricingPage } from './pages/pricing-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { useSession } from './session.js';
import { useHashRoute } from './use-hash-route.js';

const navigation = [
  { path: '/', label: 'Pricing' },
  { path: '/analytics', label: 'Analytics' },
  { path: '/billing', label: 'Billing settings' },
];

/** Acme Analytics, the host SaaS app: a header, one page per hash route, and the demo's developer panel. */
export function App() {
  const [route, navigate] = useHashRoute();
  const session = useSession();
  const { messages } = useBilling();
  const user = session.data?.user ?? null;
  // Said once on the billing page after a checkout, so the customer knows why they landed there.
  const [notice, setNotice] = useState<string | null>(null);
  const go = (to: string) => {
    setNotice(null);
    navigate(to);
  };

  return (
    <div className="demo-shell">
      <button type="button" className="demo-skip-link" onClick={skipToMain}>
        Skip to content
      </button>
      <header className="demo-header">
        {/* Not a link: "Pricing" is home, and a second link named "…Analytics" would shadow the nav's. */}
        <span className="demo-brand">
          <span aria-hidden="true" className="demo-logo" />
          Acme Analytics
        </span>
        <nav aria-label="Main" className="demo-nav">
          {navigation.map((item) => (
            <a
              key={item.path}
              href={`#${item.path}`}
              aria-current={route.path === item.path ? 'page' : undefined}
              onClick={() => setNotice(null)}
            >
              {item.label}
            </a>
          ))}
        </nav>
        {session.data && (
          <label className="demo-user">
            <span>Signed in as</span>
            <select
              value={user?.id ?? ''}
              onChange={(event) => {
                setNotice(null);
                void session.signIn(event.target.value);
              }}
            >
              {!user && <option value="">Nobody</option>}
              {session.data.users.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name} ({session.data.orgs[candidate.orgId]})
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      <div className="demo-body">
        <main id="main-content" tabIndex={-1} className="demo-main">
          {session.isPending ? (
            <p role="status">Loading…</p>
          ) : session.isError ? (
            <div role="alert" className="demo-card">
              <p>The demo server did not answer. Is `pnpm demo` still running?</p>
              <button type="button" className="demo-button" onClick={() => void session.refetch()}>
                Retry
              </button>
            </div>
          ) : !user ? (
            <SignInPage users={session.data.users} orgs={session.data.orgs} onSignIn={session.signIn} />
          ) : route.path === '/checkout' ? (
            <CheckoutPage
              // A new price starts a new checkout, not a reused one with the old order's state.
              key={route.params.toString()}
              priceId={route.params.get('price') ?? ''}
              quantity={Number(route.params.get('quantity') ?? 1)}
              onSuccess={(subscription) => {
                navigate('/billing');
                setNotice(formatMessage(messages.subscribed, { plan: subscription.planName }));
              }}
            />
          ) : route.path === '/billing' ? (
            <BillingPage notice={notice} onNavigateToPlans={() => go('/')} />
          ) : route.path === '/analytics' ? (
            <AnalyticsPage />
          ) : (
            <PricingPage
              onSelect={(priceId, quantity) =>
                go(`/checkout?price=${encodeURIComponent(priceId)}&quantity=${quantity}`)
              }
              onChangePlan={() => go('/billing')}
            />
          )}
        </main>
        {user && <DevPanel key={user.orgId} />}
      </div>
      <footer className="demo-footer">
        <p>
          A demo of <strong>billing-kit</strong>. No real money moves: payments go to the offline Stripe
          emulator (or Stripe test mode).
        </p>
      </footer>
    </div>
  );
}

// Hash routing owns the URL hash, so the skip link is a button that moves focus instead of an in-page link.
function skipToMain() {
  document.getElementById('main-content')?.focus();
}
