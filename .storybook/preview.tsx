/**
 * The playground around every story: toolbar globals (locale, theme, viewport), the `--bk-*` token controls, the
 * accessibility check and docs.
 *
 * How stories read the toolbar: the locale and the kit's messages for it come from `useStoryLocale()` inside a
 * story's `render` (or `storyLocale(context.globals)`), both from `./story-globals.ts`; hand them to
 * `<InMemoryBillingProvider locale={locale} messages={messages}>`. The theme, the token controls and the viewport
 * need nothing: the decorator below applies them around the story. To pin one, a story sets
 * `globals: { locale: 'de-DE' }`, `globals: { theme: 'dark' }` or
 * `globals: { viewport: { value: 'narrow', isRotated: false } }`.
 */
import type { Decorator, Preview } from '@storybook/react-vite';
import { type CSSProperties, type ReactNode, useLayoutEffect } from 'react';
import '../packages/ui/src/styles.css';
import './preview.css';
import { StoryLocaleContext, type StoryTheme, storyLocale, storyTheme } from './story-globals.js';
import { themeTokenArgTypes, themeTokenStyle, withoutThemeTokenArgs } from './theme-tokens.js';

/**
 * Wraps the story in the chosen theme and tokens. In the story view it also puts them on `<html>`, so the page
 * background and what Radix portals to `<body>` (dialogs) follow; in docs pages, where several stories share one
 * page, only the wrapper does.
 */
function PlaygroundFrame({
  theme,
  tokens,
  applyToDocument,
  children,
}: {
  theme: StoryTheme;
  tokens: Record<string, string>;
  applyToDocument: boolean;
  children: ReactNode;
}) {
  // A string, so the effect runs when a value changes rather than on every render.
  const tokensKey = JSON.stringify(tokens);
  useLayoutEffect(() => {
    if (!applyToDocument) return;
    const root = document.documentElement;
    const applied = Object.entries(JSON.parse(tokensKey) as Record<string, string>);
    root.setAttribute('data-bk-theme', theme);
    for (const [name, value] of applied) root.style.setProperty(name, value);
    return () => {
      root.removeAttribute('data-bk-theme');
      for (const [name] of applied) root.style.removeProperty(name);
    };
  }, [applyToDocument, theme, tokensKey]);
  return (
    <div className="bk-playground" data-bk-theme={theme} style={tokens as CSSProperties}>
      {children}
    </div>
  );
}

const withPlayground: Decorator = (Story, context) => (
  <StoryLocaleContext.Provider value={storyLocale(context.globals)}>
    <PlaygroundFrame
      theme={storyTheme(context.globals)}
      tokens={themeTokenStyle(context.args)}
      applyToDocument={context.viewMode === 'story'}
    >
      {/* The token controls are the playground's, not the component's: keep them out of its props. */}
      <Story args={withoutThemeTokenArgs(context.args)} />
    </PlaygroundFrame>
  </StoryLocaleContext.Provider>
);

const preview: Preview = {
  // A docs page per component, generated from its TypeScript props and JSDoc.
  tags: ['autodocs'],
  decorators: [withPlayground],
  argTypes: themeTokenArgTypes,
  globalTypes: {
    locale: {
      description: 'Locale for money, dates and strings',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        dynamicTitle: true,
        items: [
          { value: 'en-US', title: 'English (en-US)' },
          { value: 'de-DE', title: 'Deutsch (de-DE)', right: 'deMessages' },
          { value: 'ja-JP', title: 'Japanese formats (ja-JP)', right: 'English strings' },
        ],
      },
    },
    theme: {
      description: "The kit's light or dark tokens",
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        dynamicTitle: true,
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
        ],
      },
    },
  },
  initialGlobals: { locale: 'en-US', theme: 'light' },
  parameters: {
    layout: 'padded',
    // Any accessibility violation fails the story, in the browser and when stories run as tests.
    a11y: { test: 'error' },
    // The toolbar's viewport menu: a narrow phone and, with "Reset", the full width.
    viewport: {
      options: {
        narrow: { name: 'Narrow (320 px)', styles: { width: '320px', height: '640px' }, type: 'mobile' },
      },
    },
    controls: { expanded: true, sort: 'requiredFirst' },
    options: { storySort: { order: ['Introduction', 'Components', 'Galleries', 'Flows'] } },
    docs: { codePanel: true },
  },
};

export default preview;
