import { defineConfig } from 'vite';

// `npm run dev` serves the UI with hot reload and forwards the API's paths to a running
// `polyculture api` (or devnet): POLYCULTURE_API=http://127.0.0.1:8080 by default.
const api = process.env.POLYCULTURE_API || 'http://127.0.0.1:8080';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    target: 'es2022',
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '/v1': api, '/openapi.json': api },
  },
  test: {
    environment: 'node',
    include: ['test/**/*.test.js'],
  },
});
