import type { StorybookConfig } from '@storybook/react-vite';

// Storybook lives at the root so one playground shows every package's components. It builds offline:
// no telemetry, no version check, and card entry uses the emulator's fake Stripe.js.
const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../packages/ui/src/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-a11y'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(viteConfig) {
    // radix-ui ships "use client" directives, which Rollup reports as MODULE_LEVEL_DIRECTIVE noise.
    viteConfig.build ??= {};
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
