/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` forwards /api to the local API server (python3 routes/local_api.py --port 8787).
const localApiPort = process.env.LOCAL_API_PORT ?? '8787';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': { target: `http://127.0.0.1:${localApiPort}`, changeOrigin: false } },
    // The bundled fallback is imported from ../content/projects.json, outside this folder.
    fs: { allow: ['..'] },
  },
  build: {
    target: 'es2022',
    // Every emitted file is content-hashed (Vite's default names), so it can be cached forever;
    // only index.html and public/ keep their names.
    assetsDir: 'assets',
    sourcemap: false,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}', 'e2e/**/*.test.mjs'],
    restoreMocks: true,
    setupFiles: ['src/test/setup.ts'],
  },
});
