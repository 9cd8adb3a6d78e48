import { createRouter, createWebHashHistory } from 'vue-router'
import Login from './views/Login.vue'

// Hash history: the server serves one index.html and never needs to know the UI's routes.
// The boards load when first opened (each its own chunk, ECharts with the boards that draw
// charts): the login page fetches only the shell.
export default createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/handling' },
    { path: '/login', component: Login, meta: { public: true } },
    { path: '/handling', component: () => import('./views/Handling.vue'), meta: { perm: 'alerts.read' } },
    { path: '/supervision', component: () => import('./views/Supervision.vue'), meta: { perm: 'indicators.read' } },
    { path: '/decision', component: () => import('./views/Decision.vue'), meta: { perm: 'decision.read' } },
    { path: '/workshop', component: () => import('./views/Workshop.vue'), meta: { perm: 'models.read' } },
    { path: '/admin', component: () => import('./views/Admin.vue'), meta: { perm: 'admin.audit' } },
  ],
})
