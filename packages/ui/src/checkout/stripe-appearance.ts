import type { Appearance } from '@stripe/stripe-js';

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
 * nothing (no stylesheet loaded) are left out and Stripe's defaults apply.
 */
export function resolveStripeAppearance(element: Element): Appearance {
  const style = element.ownerDocument.defaultView?.getComputedStyle(element);
  const variables: Record<string, string> = {};
  for (const [token, variable] of Object.entries(TOKEN_TO_VARIABLE)) {
    const value = style?.getPropertyValue(token).trim();
    if (value) variables[variable] = value;
  }
  const dark = element.closest('[data-bk-theme="dark"]') !== null || style?.colorScheme === 'dark';
  return { theme: dark ? 'night' : 'stripe', variables };
}
