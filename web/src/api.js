// The API client: JSON over fetch with the session cookie; writes carry the CSRF token
// (double submit: the courtqc_csrf cookie echoed in X-CSRF-Token).
import { reactive } from 'vue'

export const session = reactive({ user: null, loaded: false })

function csrf() {
  const m = document.cookie.match(/(?:^|; )courtqc_csrf=([^;]*)/)
  return m ? decodeURIComponent(m[1]) : ''
}

export class ApiError extends Error {
  constructor(status, detail) {
    super(typeof detail === 'string' ? detail : (detail && detail.message) || `HTTP ${status}`)
    this.status = status
    this.detail = detail
  }
}

export async function api(path, { method = 'GET', body, params } = {}) {
  let url = '/api' + path
  if (params) {
    const q = new URLSearchParams()
    for (const [k, v] of Object.entries(params)) {
      if (v !== undefined && v !== null && v !== '') q.append(k, v)
    }
    const s = q.toString()
    if (s) url += '?' + s
  }
  const headers = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf()
  const r = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const data = r.headers.get('content-type')?.includes('json') ? await r.json() : null
  if (!r.ok) {
    if (r.status === 401 && path !== '/auth/login') {
      session.user = null
      if (!location.hash.startsWith('#/login')) location.hash = '#/login'
    }
    throw new ApiError(r.status, data ? data.detail : r.statusText)
  }
  return data
}

export async function loadMe() {
  try {
    session.user = await api('/auth/me')
  } catch {
    session.user = null
  }
  session.loaded = true
  return session.user
}

export function can(permission) {
  return !!session.user && session.user.permissions.includes(permission)
}

// The address of an API download (CSV / XLSX export): a plain link, the session cookie goes along.
export function apiUrl(path, params = {}) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.append(k, v)
  }
  const s = q.toString()
  return '/api' + path + (s ? '?' + s : '')
}
