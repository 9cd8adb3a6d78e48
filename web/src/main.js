import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import App from './App.vue'
import router from './router'
import { can, loadMe, session } from './api'
import './style.css'

router.beforeEach(async (to) => {
  if (!session.loaded) await loadMe()
  if (to.meta.public) return true
  if (!session.user) return '/login'
  if (to.meta.perm && !can(to.meta.perm)) return session.user.role === 'modeller' ? '/workshop' : '/handling'
  return true
})

createApp(App).use(router).use(ElementPlus).mount('#app')
