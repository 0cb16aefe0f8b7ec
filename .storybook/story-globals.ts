/**
 * The playground's toolbar globals (locale, theme), and how stories read them.
 *
 * The global decorator in `preview.tsx` provides them to every story. A story's `render` reads the locale with
 * `useStoryLocale()` (render functions are React components, so hooks work there), or from its context with
 * `storyLocale(context.globals)`, and hands both values to its provider:
 *
 * ```tsx
 * render: (args) => {
 *   const { locale, messages } = useStoryLocale();
 *   return (
 *     <InMemoryBillingProvider scenario={scenarios.active} locale={locale} messages={messages}>
 *       <BillingPortal {...args} />
 *     </InMemoryBillingProvider>
 *   );
 * },
 * ```
 *
 * A story pins a global with `globals: { locale: 'de-DE' }`, `globals: { theme: 'dark' }` or
 * `globals: { viewport: { value: 'narrow', isRotated: false } }`. The theme, the token controls and the viewport
 * need nothing from the story: the decorator applies them around it.
 */
import { createContext, useContext } from 'react';
import { deMessages } from '../packages/ui/src/i18n/de.js';
import type { BillingMessages } from '../packages/ui/src/i18n/messages.js';

/** The locales of the toolbar. Japanese formats money and dates; its strings are the English defaults. */
export const storyLocales = ['en-US', 'de-DE', 'ja-JP'] as const;
/** One of {@link storyLocales}. */
export type StoryLocaleCode = (typeof storyLocales)[number];

/** The themes of the toolbar: the kit's light and dark `--bk-*` tokens (`data-bk-theme`). */
export const storyThemes = ['light', 'dark'] as const;
/** One of {@link storyThemes}. */
export type StoryTheme = (typeof storyThemes)[number];

/** What a story hands to `<BillingProvider>` or `<InMemoryBillingProvider>`: `locale` and `messages`. */
export interface StoryLocale {
  /** BCP 47 locale for money and dates. */
  locale: StoryLocaleCode;
  /** The kit's translations for that locale, or `undefined` for the English defaults. */
  messages: Partial<BillingMessages> | undefined;
}

/** Translations shipped by the kit, per toolbar locale. */
const messagesByLocale: Record<StoryLocaleCode, Partial<BillingMessages> | undefined> = {
  'en-US': undefined,
  'de-DE': deMessages,
  'ja-JP': undefined,
};

function isStoryLocale(value: unknown): value is StoryLocaleCode {
  return typeof value === 'string' && (storyLocales as readonly string[]).includes(value);
}

/** The toolbar's locale and the kit's messages for it, from a story context's `globals` (default en-US). */
export function storyLocale(globals: Readonly<Record<string, unknown>>): StoryLocale {
  const locale = isStoryLocale(globals.locale) ? globals.locale : 'en-US';
  return { locale, messages: messagesByLocale[locale] };
}

/** The toolbar's theme from a story context's `globals` (default light). */
export function storyTheme(globals: Readonly<Record<string, unknown>>): StoryTheme {
  return globals.theme === 'dark' ? 'dark' : 'light';
}

/** Provided by the decorator in `preview.tsx`; English outside Storybook (a story rendered by a plain test). */
export const StoryLocaleContext = createContext<StoryLocale>(storyLocale({}));

/** The toolbar's locale and the kit's messages for it, inside a story's `render`. */
export function useStoryLocale(): StoryLocale {
  return useContext(StoryLocaleContext);
}
