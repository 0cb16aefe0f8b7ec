/** A signed-in person of the demo app. Billing belongs to their organisation, not to them. */
export interface DemoUser {
  id: string;
  name: string;
  email: string;
  orgId: string;
}

/** Two organisations with two users each, so that tenancy is visible. */
export const demoUsers: DemoUser[] = [
  { id: 'alice', name: 'Alice', email: 'alice@acme.test', orgId: 'acme' },
  { id: 'bob', name: 'Bob', email: 'bob@acme.test', orgId: 'acme' },
  { id: 'carol', name: 'Carol', email: 'carol@globex.test', orgId: 'globex' },
  { id: 'dave', name: 'Dave', email: 'dave@globex.test', orgId: 'globex' },
];

/** Display names of the demo's organisations, by organisation id. */
export const demoOrgNames: Record<string, string> = { acme: 'Acme Inc.', globex: 'Globex Corp.' };

/** Every organisation id, in display order. */
export const demoOrgIds = Object.keys(demoOrgNames);

/** Name of the cookie holding the signed-in user's id. */
export const SESSION_COOKIE = 'demo_user';

/** Reads the demo's session cookie. A real host app would verify its own session here. */
export function userFromRequest(headers: Headers): DemoUser | null {
  const cookie = headers.get('cookie') ?? '';
  const match = /(?:^|;\s*)demo_user=([^;]+)/.exec(cookie);
  const id = match?.[1] ? decodeURIComponent(match[1]) : null;
  return demoUsers.find((user) => user.id === id) ?? null;
}
