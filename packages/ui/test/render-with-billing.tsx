import { QueryClient } from '@tanstack/react-query';
import { type RenderResult, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { BillingProvider, type BillingProviderProps } from '../src/index.js';

/** A QueryClient without retries, so error states show at once. */
export function createTestQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false } } });
}

/** Renders `ui` inside a BillingProvider with a fresh cache. */
export function renderWithBilling(
  ui: ReactElement,
  props: Omit<BillingProviderProps, 'children' | 'queryClient'> & { queryClient?: QueryClient },
): RenderResult {
  const queryClient = props.queryClient ?? createTestQueryClient();
  return render(
    <BillingProvider {...props} queryClient={queryClient}>
      {ui}
    </BillingProvider>,
  );
}
