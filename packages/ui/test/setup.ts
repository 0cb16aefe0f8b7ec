import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
});

// The real-stack tests share two cores with other suites in CI: a slow answer is not a wrong one. `findBy*` and
// `waitFor` still fail on anything that never appears, only later.
configure({ asyncUtilTimeout: 5000 });
