import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The dashboard: built into <repo>/dist/web (served by the API), or served by Vite's dev server against a running
 * API on 127.0.0.1:3000 (`npm run dev:web`). `@akkoord/merkle/…` is the same RFC 9162 verifier the Node side uses;
 * `@akkoord/contracts` the answer shapes the server declares (types only, so the bundle gains nothing from it).
 */
export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@akkoord\/merkle\/(.*)$/, replacement: here('../../libs/merkle/src/$1.ts') },
      { find: /^@akkoord\/contracts$/, replacement: here('../../libs/contracts/src/index.ts') },
      // pure files of the domain the browser shares (the Dutch words for indicators)
      { find: /^@akkoord\/domain\/(.*)$/, replacement: here('../../libs/domain/src/$1.ts') },
    ],
  },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': { target: process.env.AKKOORD_API ?? 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
