import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));

// Built to static files that the gateway serves at `/` (apps/gateway/src/dashboard).
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  // The one workspace library the dashboard uses: the SSE reader of the live tail (no framework).
  resolve: {
    alias: {
      '@fastgen/event-stream': fileURLToPath(
        new URL('../../libs/event-stream/src/index.ts', import.meta.url),
      ),
    },
  },
  build: {
    outDir: fileURLToPath(
      new URL('../../dist/apps/dashboard', import.meta.url),
    ),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    // `vite` dev server: API calls go to a locally running gateway.
    proxy: { '/v1': process.env['FASTGEN_API_URL'] ?? 'http://127.0.0.1:3000' },
  },
});
