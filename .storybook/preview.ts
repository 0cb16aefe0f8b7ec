import type { Preview } from '@storybook/react-vite';
import '../packages/ui/src/styles.css';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    // Any accessibility violation fails the story, in the browser and when stories run as tests.
    a11y: { test: 'error' },
  },
};

export default preview;
