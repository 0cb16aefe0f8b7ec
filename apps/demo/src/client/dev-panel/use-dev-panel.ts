import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { type DevAction, type DevState, fetchDevState, runDevAction } from './dev-api.js';

/** Query key of the developer panel's state; outside `['billing', ...]` so it is never mistaken for kit data. */
export const devStateKey = ['demo', 'dev-state'] as const;

/**
 * The developer panel's data and actions. The state follows the billing queries: whenever the kit refetches one
 * (after a checkout, a plan change...), the panel refetches too, and it polls gently while open because webhooks
 * land after the customer's action has already answered.
 */
export function useDevPanel({ open }: { open: boolean }) {
  const queryClient = useQueryClient();
  const state = useQuery({
    queryKey: devStateKey,
    queryFn: fetchDevState,
    refetchInterval: open ? 4_000 : false,
    // A 404 (Stripe mode, or a server without the dev API) will not fix itself by retrying.
    retry: false,
  });

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'success') return;
      if (event.query.queryKey[0] !== 'billing') return;
      // Several billing queries refresh together after an action: one refetch of the panel is enough.
      clearTimeout(timer);
      timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: devStateKey }), 150);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [queryClient]);

  const action = useMutation({
    mutationFn: runDevAction,
    onSuccess: async (next: DevState | null, variables: DevAction) => {
      if (variables.type === 'reset') {
        // Everything the page holds belongs to a world that no longer exists.
        window.location.reload();
        return;
      }
      if (next) queryClient.setQueryData(devStateKey, next);
      // The clock moved or the card changed: every billing query (subscription, invoices, entitlements...) is stale.
      await queryClient.invalidateQueries({
        predicate: (query) => query.queryKey[0] !== devStateKey[0] || query.queryKey[1] !== devStateKey[1],
      });
    },
  });

  return { state, action };
}
