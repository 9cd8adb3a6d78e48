import { createRouter, createWebHashHistory } from 'vue-router'
import Login from './views/Login.vue'
import Handling from './views/Handling.vue'
import Supervision from './views/Supervision.vue'
import Decision from './views/Decision.vue'
import Workshop from './views/Workshop.vue'
import Admin from './views/Admin.vue'

// Hash history: the server serves one index.html and never needs to know the UI's routes.
export default createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/handling' },
    { path: '/login', component: Login, meta: { public: true } },
    { path: '/handling', component: Handling, meta: { perm: 'alerts.read' } },
    { path: '/supervision', component: Supervision, meta: { perm: 'indicators.read' } },
    { path: '/decision', component: Decision, meta: { perm: 'decision.read' } },
    { path: '/workshop', component: Workshop, meta: { perm: 'models.read' } },
    { path: '/admin', component: Admin, meta: { perm: 'admin.audit' } },
  ],
})
