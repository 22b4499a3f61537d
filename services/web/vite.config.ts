import { defineConfig } from 'vite';

// The dashboard is served by the API process at / (same origin: the session cookie and /v1/stream
// need no CORS). In development, `npm run dev -w services/web` proxies /v1 and /auth to the API at
// VIGIE_API_URL (start one with API_PORT set to a free port).
const api = process.env.VIGIE_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  // React's automatic JSX runtime through esbuild: no Babel plugin needed (no fast refresh either).
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Collectivité networks filter outbound traffic: everything the page needs is in dist/.
    assetsInlineLimit: 0,
    target: 'es2022',
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      // React Query's "use client" markers and zod's placed comments are meant for other bundlers: noise here.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' || warning.code === 'INVALID_ANNOTATION') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/v1': { target: api, ws: true },
      '/auth': { target: api },
    },
  },
});
