// Builds the UI into the Python package, where `courtqc serve` finds it.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../src/courtqc/web/static', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Libraries change less often than our code: separate files cache separately. Element
        // Plus is not forced into one chunk: the shell's few components go with the login page,
        // the rest with the first board (main.js).
        manualChunks: {
          vue: ['vue', 'vue-router'],
          echarts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'],
        },

      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8000' } },
})
