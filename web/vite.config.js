import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// Dev server proxies the API to a locally running `govmedia serve`
// (override with GOVMEDIA_API, e.g. http://127.0.0.1:18080).
const apiTarget = process.env.GOVMEDIA_API || 'http://127.0.0.1:18080'

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus on demand: each <el-…> tag (and v-loading) imports its component and its CSS,
    // so the login page loads only what it shows and each page's chunk brings the rest.
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
  ],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline scripts or data: URLs for modules: the console runs under
    // `script-src 'self'` (the server's Content-Security-Policy).
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // ECharts only loads with the pages that draw charts.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
            { name: 'vue', test: /node_modules[\\/](vue|@vue|vue-router|pinia)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
})
