import { BillingPage } from './pages/billing-page.js';
import { CheckoutPage } from './pages/checkout-page.js';
import { PricingPage } from './pages/pricing-page.js';
import { useSession } from './session.js';
import { useHashRoute } from './use-hash-route.js';

const navigation = [
  { path: '/', label: 'Pricing' },
  { path: '/billing', label: 'Billing settings' },
];

export function App() {
  const [route, navigate] = useHashRoute();
  const session = useSession();
  const user = session.data?.user ?? null;

  return (
    <div className="demo-shell">
      <header className="demo-header">
        <a className="demo-brand" href="#/">
          Acme Analytics
        </a>
        <nav aria-label="Main">
          {navigation.map((item) => (
            <a
              key={item.path}
              href={`#${item.path}`}
              aria-current={route.path === item.path ? 'page' : undefined}
            >
              {item.label}
            </a>
          ))}
        </nav>
        {session.data && (
          <label className="demo-user">
            Signed in as{' '}
            <select
              value={user?.id ?? ''}
              onChange={(event) => {
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
      <main className="demo-main">
        {session.isPending ? (
          <p>Loading…</p>
        ) : !user ? (
          <SignIn users={session.data?.users ?? []} onSignIn={session.signIn} />
        ) : route.path === '/checkout' ? (
          <CheckoutPage
            priceId={route.params.get('price') ?? ''}
            quantity={Number(route.params.get('quantity') ?? 1)}
            onDone={() => navigate('/billing')}
          />
        ) : route.path === '/billing' ? (
          <BillingPage />
        ) : (
          <PricingPage
            onSelect={(priceId, quantity) =>
              navigate(`/checkout?price=${encodeURIComponent(priceId)}&quantity=${quantity}`)
            }
          />
        )}
      </main>
    </div>
  );
}

function SignIn({
  users,
  onSignIn,
}: {
  users: { id: string; name: string; email: string }[];
  onSignIn: (id: string) => Promise<void>;
}) {
  return (
    <section aria-labelledby="sign-in-title" className="demo-card">
      <h1 id="sign-in-title">Sign in to the demo</h1>
      <p>Pick a user. Alice and Bob share Acme's billing; Carol and Dave share Globex's.</p>
      <ul className="demo-users">
        {users.map((user) => (
          <li key={user.id}>
            <button type="button" onClick={() => void onSignIn(user.id)}>
              Sign in as {user.name} <span>({user.email})</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
