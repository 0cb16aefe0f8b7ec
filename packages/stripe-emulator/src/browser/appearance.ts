import type { Appearance } from '@stripe/stripe-js';

/** Concrete styles derived from Stripe's Appearance API variables. */
export interface ResolvedAppearance {
  colorPrimary: string;
  colorText: string;
  colorBackground: string;
  colorDanger: string;
  borderRadius: string;
  fontFamily: string;
  spacingUnit: string;
}

const THEMES: Record<'stripe' | 'night' | 'flat', ResolvedAppearance> = {
  stripe: {
    colorPrimary: '#0570de',
    colorText: '#30313d',
    colorBackground: '#ffffff',
    colorDanger: '#df1b41',
    borderRadius: '4px',
    fontFamily: 'system-ui, sans-serif',
    spacingUnit: '4px',
  },
  night: {
    colorPrimary: '#0570de',
    colorText: '#ffffff',
    colorBackground: '#30313d',
    colorDanger: '#fe87a1',
    borderRadius: '4px',
    fontFamily: 'system-ui, sans-serif',
    spacingUnit: '4px',
  },
  flat: {
    colorPrimary: '#0570de',
    colorText: '#30313d',
    colorBackground: '#f6f8fa',
    colorDanger: '#df1b41',
    borderRadius: '0px',
    fontFamily: 'system-ui, sans-serif',
    spacingUnit: '4px',
  },
};

/** Merges a theme's defaults with the caller's `appearance.variables`. */
export function resolveAppearance(appearance: Appearance | undefined): ResolvedAppearance {
  const theme = appearance?.theme === 'night' || appearance?.theme === 'flat' ? appearance.theme : 'stripe';
  const variables = appearance?.variables ?? {};
  const base = THEMES[theme];
  return {
    colorPrimary: variables.colorPrimary ?? base.colorPrimary,
    colorText: variables.colorText ?? base.colorText,
    colorBackground: variables.colorBackground ?? base.colorBackground,
    colorDanger: variables.colorDanger ?? base.colorDanger,
    borderRadius: variables.borderRadius ?? base.borderRadius,
    fontFamily: variables.fontFamily ?? base.fontFamily,
    spacingUnit: variables.spacingUnit ?? base.spacingUnit,
  };
}
