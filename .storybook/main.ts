import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';

// Storybook lives at the root so one playground shows every package's components. It runs and builds offline:
// no telemetry, no version check, and card entry uses the emulator's fake Stripe.js through the in-memory billing.
const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['./introduction.mdx', '../packages/ui/src/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  typescript: {
    // Props declared in one file and extended in another (`CheckoutProps extends ComponentProps<'div'>`) are
    // resolved by the TypeScript checker; the kit's own props are listed, the DOM's inherited ones are not.
    reactDocgen: 'react-docgen-typescript',
    reactDocgenTypescriptOptions: {
      // The kit's components, with the kit's compiler options (react-docgen misses props inherited from a hook's
      // options in another file, e.g. Checkout's returnUrl / pollIntervalMs from UseCheckoutOptions).
      tsconfigPath: fileURLToPath(new URL('../packages/ui/tsconfig.json', import.meta.url)),
      include: ['packages/ui/src/**/*.tsx'],
      shouldExtractLiteralValuesFromEnum: true,
      shouldRemoveUndefinedFromOptional: true,
      propFilter: (prop) => !prop.parent || !/node_modules/.test(prop.parent.fileName),
    },
  },
  async viteFinal(viteConfig) {
    // radix-ui ships "use client" directives, which Rollup reports as MODULE_LEVEL_DIRECTIVE noise.
    viteConfig.build ??= {};
    // The preview bundles axe and the docs blocks (about 1 MB): size is no concern for a local playground.
    viteConfig.build.chunkSizeWarningLimit = 2000;
    viteConfig.build.rollupOptions ??= {};
    const rollupOptions = viteConfig.build.rollupOptions;
    const previous = rollupOptions.onwarn;
    rollupOptions.onwarn = (warning, warn) => {
      if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
      if (previous) previous(warning, warn);
      else warn(warning);
    };
    return viteConfig;
  },
};

export default config;
