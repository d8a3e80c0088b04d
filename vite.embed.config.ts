/** The embeddable editor as one ES module: dist/client/embed/chorus-editor.js (served by every node at /embed/). */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL('./dist/client/embed', import.meta.url)),
    emptyOutDir: true,
    lib: { entry: fileURLToPath(new URL('./client/embed/index.ts', import.meta.url)), formats: ['es'], fileName: () => 'chorus-editor.js' },
  },
});
