import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';

export interface DemoUser {
  id: string;
  name: string;
  email: string;
  orgId: string;
}

interface SessionConfig {
  users: DemoUser[];
  orgs: Record<string, string>;
}

/** The demo's pretend sign-in: a cookie naming one of the seeded users. */
export function useSession() {
  const queryClient = useQueryClient();
  const session = useQuery({
    queryKey: ['demo', 'session'],
    queryFn: async () => {
      const [sessionResponse, configResponse] = await Promise.all([
        fetch('/demo/session'),
        fetch('/demo/config'),
      ]);
      if (!sessionResponse.ok || !configResponse.ok) throw new Error('The demo server did not answer');
      const { user } = (await sessionResponse.json()) as { user: DemoUser | null };
      const config = (await configResponse.json()) as SessionConfig;
      return { user, users: config.users, orgs: config.orgs };
    },
  });
  const signIn = useCallback(
    async (userId: string) => {
      const response = await fetch('/demo/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId }),
      });
      if (!response.ok) throw new Error('Sign-in failed');
      // Another user may belong to another organisation: nothing cached for the previous one may show.
      await queryClient.resetQueries();
    },
    [queryClient],
  );
  return { ...session, signIn };
}
