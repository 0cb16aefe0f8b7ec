import type { Appearance } from '@stripe/stripe-js';
import { type RefObject, useLayoutEffect, useState } from 'react';

/** Which `--bk-*` token feeds which Stripe Appearance variable. */
const TOKEN_TO_VARIABLE = {
  '--bk-primary': 'colorPrimary',
  '--bk-background': 'colorBackground',
  '--bk-foreground': 'colorText',
  '--bk-danger': 'colorDanger',
  '--bk-font-family': 'fontFamily',
  '--bk-radius': 'borderRadius',
} as const;

/**
 * Stripe renders the Payment Element in its own iframes, where the page's CSS variables do not reach, so the kit's
 * tokens are resolved to concrete values on `element` and handed to Stripe's Appearance API. Tokens that resolve to
 * nothing (no stylesheet loaded) are left out and Stripe's defaults apply. Under `data-bk-theme="dark"` (or a dark
 * `color-scheme`) the base theme is `night`.
 */
export function resolveStripeAppearance(element: Element): Appearance {
  const style = element.ownerDocument.defaultView?.getComputedStyle(element);
  const variables: Record<string, string> = {};
  for (const [token, variable] of Object.entries(TOKEN_TO_VARIABLE)) {
    const value = style?.getPropertyValue(token).trim();
    if (value) variables[variable] = value;
  }
  const themed = element.closest('[data-bk-theme]')?.getAttribute('data-bk-theme');
  const dark = themed ? themed === 'dark' : style?.colorScheme === 'dark' || prefersDark(element);
  return { theme: dark ? 'night' : 'stripe', variables };
}

function prefersDark(element: Element): boolean {
  return element.ownerDocument.defaultView?.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

/**
 * The Payment Element's appearance, kept in step with the page's theme: resolved from the tokens once the root is in
 * the document, and again whenever a `data-bk-theme`, `class` or `style` attribute changes anywhere in the document or
 * the system colour scheme flips. `explicit` replaces it; `overrides` (the provider's `appearance`) are merged over it.
 */
export function useResolvedAppearance(
  rootRef: RefObject<HTMLElement | null>,
  explicit: Appearance | undefined,
  overrides: Appearance | undefined,
): Appearance | undefined {
  const [resolved, setResolved] = useState<Appearance | undefined>(undefined);
  useLayoutEffect(() => {
    const root = rootRef.current;
    if (explicit || !root) return;
    const view = root.ownerDocument.defaultView;
    let last = '';
    const update = () => {
      const next = resolveStripeAppearance(root);
      const serialized = JSON.stringify(next);
      // Only a real change reaches Stripe: `elements.update` restyles every field.
      if (serialized === last) return;
      last = serialized;
      setResolved(next);
    };
    update();
    const observer = view ? new view.MutationObserver(update) : null;
    observer?.observe(root.ownerDocument.documentElement, {
      attributes: true,
      subtree: true,
      attributeFilter: ['data-bk-theme', 'class', 'style'],
    });
    const media = view?.matchMedia?.('(prefers-color-scheme: dark)');
    media?.addEventListener?.('change', update);
    return () => {
      observer?.disconnect();
      media?.removeEventListener?.('change', update);
    };
  }, [explicit, rootRef]);
  if (explicit) return explicit;
  if (!resolved || !overrides) return resolved ?? overrides;
  return { ...resolved, ...overrides, variables: { ...resolved.variables, ...overrides.variables } };
}
