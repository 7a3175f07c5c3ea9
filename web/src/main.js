import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Element Plus components are imported on demand by unplugin-vue-components (vite.config.js), each
// with its own CSS; here only the base styles, the services called from scripts (ElMessage,
// ElMessageBox) and the locale for all of them.
import { provideGlobalConfig } from 'element-plus/es'
import zhCn from 'element-plus/es/locale/lang/zh-cn.mjs'
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import './styles.css'
import { registerIcons } from './icons'
import App from './App.vue'
import router from './router'
import { onUnauthorized } from './api/http'
import { useSessionStore } from './stores/session'
import { useMetaStore } from './stores/meta'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(router)
provideGlobalConfig({ locale: zhCn }, app, true)
registerIcons(app)

// A 401 on any API call means the session ended: go back to the login page.
onUnauthorized(() => {
  const session = useSessionStore()
  session.clear()
  const current = router.currentRoute.value
  if (current.name !== 'login') {
    router.replace({ name: 'login', query: { redirect: current.fullPath } })
  }
})

useMetaStore().load()
app.mount('#app')
