import { createApp, watchEffect } from 'vue'
// The login page and the shell need these few Element Plus components; the whole library
// (every other component and the v-loading directive) loads with the first board, so the
// login page's scripts stay small (docs/WEB.md, "Bundle").
// (from each component's own module: importing the package's index here would pull the whole
// library into the login page's chunk)
import { ElAlert } from 'element-plus/es/components/alert/index.mjs'
import { ElButton } from 'element-plus/es/components/button/index.mjs'
import { ElCard } from 'element-plus/es/components/card/index.mjs'
import { ElConfigProvider } from 'element-plus/es/components/config-provider/index.mjs'
import { ElContainer, ElHeader, ElMain } from 'element-plus/es/components/container/index.mjs'
import { ElForm, ElFormItem } from 'element-plus/es/components/form/index.mjs'
import { ElInput } from 'element-plus/es/components/input/index.mjs'
import { ElMenu, ElMenuItem } from 'element-plus/es/components/menu/index.mjs'

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
