import type { ReactNode } from 'react';
import { useEntitlements } from './use-entitlements.js';

/** Props of {@link Entitled}. */
export interface EntitledProps {
  /** The entitlement key to require (`analytics`), or several that must all be granted. */
  feature: string | readonly string[];
  /** Shown when the feature is not granted (or the entitlements could not be loaded), e.g. an upgrade prompt. */
  fallback?: ReactNode;
  /** Shown while the entitlements load. Default: nothing. */
  loading?: ReactNode;
  /** Shown when the feature is granted. */
  children?: ReactNode;
}

/**
 * Shows its children only when the signed-in customer is entitled to `feature`; otherwise `fallback`. Renders no
 * markup of its own.
 *
 * ```tsx
 * <Entitled feature="analytics" fallback={<UpgradePrompt />}>
 *   <AnalyticsDashboard />
 * </Entitled>
 * ```
 */
export function Entitled({ feature, fallback = null, loading = null, children }: EntitledProps) {
  const { state, has } = useEntitlements();
  if (state === 'loading') return <>{loading}</>;
  // Fail closed: when the entitlements cannot be read, the feature is not shown.
  return <>{state === 'ready' && has(feature) ? children : fallback}</>;
}
