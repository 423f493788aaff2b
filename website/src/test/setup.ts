import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Vitest runs without globals here, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  // Node-environment tests (the e2e tools) have no window.
  if (typeof window !== 'undefined') window.history.replaceState(null, '', '/');
});
