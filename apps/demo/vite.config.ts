import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The demo's browser app. The demo server (src/server) serves the built files and the billing API on one origin.
export default defineConfig({
  plugins: [react()],
  root: 'src/client',
  build: { outDir: '../../dist/client', emptyOutDir: true, sourcemap: true },
});
