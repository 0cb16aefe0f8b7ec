import type { DemoUser } from '../session.js';

/** The demo's pretend sign-in: pick one of the seeded users (two organisations, two users each). */
export function SignInPage({
  users,
  orgs,
  onSignIn,
}: {
  users: DemoUser[];
  orgs: Record<string, string>;
  onSignIn: (id: string) => Promise<void>;
}) {
  return (
    <section aria-labelledby="sign-in-title" className="demo-page demo-page-narrow">
      <div className="demo-card">
        <h1 id="sign-in-title">Sign in to Acme Analytics</h1>
        <p>Pick a user. Alice and Bob share Acme's billing; Carol and Dave share Globex's.</p>
        <ul className="demo-users">
          {users.map((user) => (
            <li key={user.id}>
              <button
                type="button"
                className="demo-button"
                data-variant="secondary"
                onClick={() => void onSignIn(user.id)}
              >
                Sign in as {user.name}{' '}
                <span className="demo-muted">
                  ({user.email}, {orgs[user.orgId] ?? user.orgId})
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
