import { createApp, watchEffect } from 'vue'
// The login page and the shell need these few Element Plus components; the whole library
// (every other component and the v-loading directive) loads with the first board, so the
// login page's scripts stay small (docs/WEB.md, "Bundle").
import { ElAlert, ElButton, ElCard, ElConfigProvider, ElContainer, ElForm, ElFormItem, ElHeader, ElInput, ElMain, ElMenu, ElMenuItem } from 'element-plus'
import 'element-plus/dist/index.css'
import App from './App.vue'
import router from './router'
import { can, loadMe, session } from './api'
import { locale, t } from './i18n'
import './style.css'

const app = createApp(App)
for (const c of [ElAlert, ElButton, ElCard, ElConfigProvider, ElContainer, ElForm, ElFormItem, ElHeader, ElInput, ElMain, ElMenu, ElMenuItem]) app.use(c)
let full = null
const loadElementPlus = () => (full ??= import('element-plus').then((m) => app.use(m.default)))

router.beforeEach(async (to) => {
  if (!session.loaded) await loadMe()
  if (to.meta.public) return true
  if (!session.user) return '/login'
  if (to.meta.perm && !can(to.meta.perm)) return session.user.role === 'modeller' ? '/workshop' : '/handling'
  await loadElementPlus()
  return true
})

// The page's title and language follow the locale.
watchEffect(() => {
  document.title = `${t('app')} · courtqc`
  document.documentElement.lang = locale.lang === 'en' ? 'en' : 'zh-CN'
})

app.use(router).mount('#app')
