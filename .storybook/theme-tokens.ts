/**
 * Controls for the kit's `--bk-*` theme tokens (packages/ui/README.md, "Theming"). Every story gets them, in a
 * "Theme tokens" group of the Controls panel; the decorator in `preview.tsx` sets the values a designer picks as CSS
 * custom properties around the story, so every component, and the Payment Element (the kit re-resolves Stripe's
 * Appearance when a `style` attribute changes), follows live. A token left empty keeps the theme's value.
 */
import type { ArgTypes } from '@storybook/react-vite';

/** The kit's light and dark palettes, offered as presets in every colour picker. */
const presetColors = [
  { color: '#4f46e5', title: 'Primary (light)' },
  { color: '#818cf8', title: 'Primary (dark)' },
  { color: '#0f172a', title: 'Foreground (light)' },
  { color: '#e2e8f0', title: 'Foreground (dark)' },
  { color: '#ffffff', title: 'Background (light)' },
  { color: '#0b1120', title: 'Background (dark)' },
  { color: '#b91c1c', title: 'Danger (light)' },
  { color: '#15803d', title: 'Success (light)' },
  { color: '#cbd5e1', title: 'Border (light)' },
];

const colorTokens = {
  '--bk-primary': 'Main buttons, highlighted plan, links: the accent colour.',
  '--bk-primary-foreground': 'Text on primary.',
  '--bk-background': 'Page surface.',
  '--bk-foreground': 'Text.',
  '--bk-card': 'Cards, sections, dialogs.',
  '--bk-card-foreground': 'Text on cards.',
  '--bk-muted': 'Tracks, skeletons.',
  '--bk-muted-foreground': 'Secondary text.',
  '--bk-secondary': 'Other buttons.',
  '--bk-secondary-foreground': 'Text on other buttons.',
  '--bk-success': 'Savings, active status.',
  '--bk-success-foreground': 'Text on success.',
  '--bk-danger': 'Errors, past due, cancel.',
  '--bk-border': 'Borders.',
  '--bk-ring': 'Focus outline.',
} as const;

/** Lengths in px, chosen with a slider. */
const lengthTokens = {
  '--bk-radius': { description: 'Corner radius of cards, buttons and inputs (px).', min: 0, max: 24 },
  '--bk-spacing': { description: 'The spacing unit every gap and padding multiplies (px).', min: 2, max: 8 },
} as const;

/** A few font stacks a designer can try; the first is the kit's default. */
const fontFamilies = {
  'System UI (default)': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  Serif: 'Georgia, "Times New Roman", serif',
  Monospace: 'ui-monospace, "SFMono-Regular", Menlo, monospace',
  Rounded: 'ui-rounded, "Nunito", "Varela Round", system-ui, sans-serif',
} as const;

const category = 'Theme tokens';

/** The argTypes of every token; their arg names are the CSS custom property names. */
export const themeTokenArgTypes: Partial<ArgTypes> = {
  ...Object.fromEntries(
    Object.entries(colorTokens).map(([token, description]) => [
      token,
      { description, control: { type: 'color', presetColors }, table: { category } },
    ]),
  ),
  ...Object.fromEntries(
    Object.entries(lengthTokens).map(([token, { description, min, max }]) => [
      token,
      { description, control: { type: 'range', min, max, step: 1 }, table: { category } },
    ]),
  ),
  '--bk-font-family': {
    description: 'Font of every component.',
    options: Object.values(fontFamilies),
    control: {
      type: 'select',
      labels: Object.fromEntries(Object.entries(fontFamilies).map(([k, v]) => [v, k])),
    },
    table: { category },
  },
};

/** Whether an arg is one of the token controls (the decorator keeps them away from the component's props). */
export function isThemeTokenArg(name: string): boolean {
  return name.startsWith('--bk-');
}

/** The chosen tokens as CSS custom properties (`12` for a length becomes `12px`); unset tokens are left out. */
export function themeTokenStyle(args: Readonly<Record<string, unknown>>): Record<string, string> {
  const style: Record<string, string> = {};
  for (const [name, value] of Object.entries(args)) {
    if (!isThemeTokenArg(name) || value === undefined || value === null || value === '') continue;
    style[name] = typeof value === 'number' ? `${value}px` : String(value);
  }
  return style;
}

/** The story's own args, without the token controls. */
export function withoutThemeTokenArgs<T extends Record<string, unknown>>(args: T): T {
  return Object.fromEntries(Object.entries(args).filter(([name]) => !isThemeTokenArg(name))) as T;
}
