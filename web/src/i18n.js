// Chinese first; English as a second locale. t('key') looks the word up in the current one.
import { reactive } from 'vue'

export const locale = reactive({ lang: localStorage.getItem('courtqc.lang') || 'zh' })

const zh = {
  app: '审判监督管理平台',
  handling: '数助办案',
  supervision: '数助监督',
  decision: '数助决策',
  workshop: '模型工坊',
  admin: '系统管理',
  inbox: '预警收件箱',
  logout: '退出',
  login: '登录',
  username: '用户名',
  password: '密码',
  court: '法院',
  period: '统计期间',
  refresh: '刷新',
  warningPoints: '全流程预警点',
  alerts: '预警',
  pushed: '推送',
  feedback: '反馈',
  helpful: '有帮助',
  notHelpful: '无帮助',
  helpfulRate: '有效率',
  byModel: '按模型',
  byCategory: '按类别',
  model: '模型',
  category: '类别',
  node: '节点',
  caseNo: '案号',
  message: '提示内容',
  severity: '级别',
  evidence: '证据（触发规则的数据）',
  legalBasis: '法律依据',
  reason: '理由（可选）',
  overview: '态势总览',
  indicators: '指标看板',
  review: '质量评查',
  reversals: '改发分析',
  trend: '趋势',
  compare: '法院对比',
  drill: '穿透到案件',
  numerator: '分子',
  denominator: '分母',
  runReview: '一键评查',
  history: '评查历史',
  findings: '模型发现',
  services: '数据服务',
  validate: '校验',
  backtest: '回测',
  save: '保存',
  promote: '状态变更',
  conditions: '条件构建',
  sql: 'SQL 编辑',
  yaml: '模型定义 (YAML)',
  users: '用户',
  audit: '审计日志',
  keys: '接口密钥',
  caseDetail: '案件详情',
  parties: '当事人',
  events: '流程节点',
  documents: '文书',
  none: '暂无数据',
  mine: '分配给我的',
  all: '全部',
  open: '未反馈',
  filed: '收案',
  closed: '结案',
  pending: '未结',
  carried: '旧存',
  overdue: '超审限',
  longPending: '长期未结',
  perTenK: '万人成讼率',
  states: '生命周期',
}

const en = {
  app: 'Trial Supervision Platform',
  handling: 'Case handling',
  supervision: 'Supervision',
  decision: 'Decision support',
  workshop: 'Model workshop',
  admin: 'Administration',
  inbox: 'Alert inbox',
  logout: 'Log out',
  login: 'Log in',
  username: 'User name',
  password: 'Password',
  court: 'Court',
  period: 'Period',
  refresh: 'Refresh',
  warningPoints: 'Warning points',
  alerts: 'Alerts',
  pushed: 'Pushed',
  feedback: 'Feedback',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  helpfulRate: 'Helpful rate',
  byModel: 'By model',
  byCategory: 'By category',
  model: 'Model',
  category: 'Category',
  node: 'Node',
  caseNo: 'Case no.',
  message: 'Message',
  severity: 'Severity',
  evidence: 'Evidence (rows that fired the rule)',
  legalBasis: 'Legal basis',
  reason: 'Reason (optional)',
  overview: 'Overview',
  indicators: 'Indicators',
  review: 'Quality review',
  reversals: 'Reversals',
  trend: 'Trend',
  compare: 'Courts compared',
  drill: 'Cases behind the number',
  numerator: 'Numerator',
  denominator: 'Denominator',
  runReview: 'Run review',
  history: 'Review history',
  findings: 'Findings',
  services: 'Data services',
  validate: 'Validate',
  backtest: 'Backtest',
  save: 'Save',
  promote: 'Change state',
  conditions: 'Condition builder',
  sql: 'SQL editor',
  yaml: 'Definition (YAML)',
  users: 'Users',
  audit: 'Audit log',
  keys: 'API keys',
  caseDetail: 'Case',
  parties: 'Parties',
  events: 'Workflow',
  documents: 'Documents',
  none: 'No data',
  mine: 'Assigned to me',
  all: 'All',
  open: 'No feedback yet',
  filed: 'Filed',
  closed: 'Closed',
  pending: 'Pending',
  carried: 'Carried over',
  overdue: 'Overdue',
  longPending: 'Long pending',
  perTenK: 'Suits per 10k residents',
  states: 'Lifecycle',
}

export function t(key) {
  return (locale.lang === 'en' ? en : zh)[key] || key
}

export function setLang(lang) {
  locale.lang = lang
  localStorage.setItem('courtqc.lang', lang)
}

// A number as shown on the boards: percent with one decimal, counts with separators.
export function fmt(v, unit) {
  if (v === null || v === undefined) return '—'
  if (unit === 'percent') return v.toFixed(1) + '%'
  if (unit === 'days' || unit === 'ratio' || unit === 'per_10k' || unit === 'cases_per_judge')
    return Number(v).toFixed(2)
  if (typeof v === 'number') return v.toLocaleString('zh-CN', { maximumFractionDigits: 2 })
  return String(v)
}

export function pct(rate) {
  return rate === null || rate === undefined ? '—' : (rate * 100).toFixed(1) + '%'
}

// An inline pair for strings used once: tx('中文', 'English').
export function tx(zh, enText) {
  return locale.lang === 'en' ? enText : zh
}

// A stored instant (naive UTC ISO, "2026-06-30T16:35:37") as a reader writes it: local
// date and minutes, no "T".
export function fmtTime(iso) {
  if (!iso) return '—'
  const d = new Date(String(iso).endsWith('Z') || /[+-]\d\d:\d\d$/.test(iso) ? iso : iso + 'Z')
  if (Number.isNaN(d.getTime())) return String(iso)
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}

// The unit an indicator's number is in, as written after it.
export function unitLabel(unit) {
  const zhU = { percent: '%', count: '件', days: '天', ratio: '', per_10k: '件/万人', cases_per_judge: '件/人', yuan: '元' }
  const enU = { percent: '%', count: 'cases', days: 'days', ratio: '', per_10k: 'per 10k', cases_per_judge: 'per judge', yuan: 'yuan' }
  return (locale.lang === 'en' ? enU : zhU)[unit] ?? unit
}

// A number with its unit: "62.5%", "1,849 件", "41.20 天".
export function fmtU(v, unit) {
  if (v === null || v === undefined) return '—'
  const u = unitLabel(unit)
  return unit === 'percent' ? fmt(v, unit) : u ? `${fmt(v, unit)} ${u}` : fmt(v, unit)
}

// The server sends each code with its Chinese name beside it (severity + severity_zh, state +
// state_zh, …). In English the code itself is the name: a word of our own where the code is
// terse, else the code read as words ("review_rollout" → "Review rollout"). Nothing to keep in
// step with the server's Chinese tables, and a new code still reads as English.
const TERMS = {
  critical: 'Critical', warning: 'Warning', info: 'Info',
  proposed: 'Proposed', modelling: 'Modelling', review_rollout: 'Review rollout',
  embedding_test: 'Embedding test (shadow)', live: 'Live', optimising: 'Optimising', retired: 'Retired',
  procedure: 'Idle procedure', 'uniform-law': 'Uniform application of law', 'judgment-defect': 'Judgment defect',
  enforcement: 'Enforcement', 'related-cases': 'Related cases', 'false-litigation': 'False litigation',
  governance: 'Social governance', 'time-limit': 'Time limit',
  ip: 'IP', state_compensation: 'State compensation', first: 'First instance', second: 'Second instance',
  judge: 'Judge', division_head: 'Division head', court_leader: 'Court leader',
  supervisor: 'Review office', modeller: 'Modeller', admin: 'Administrator',
  tree: 'Decision tree', rules: 'Association rules', cluster: 'Clustering',
  no_error: 'No error', flawed: 'Flawed', error: 'Error', hit: 'Review hit', sample: 'Random sample', reversal: 'Reversal',
}

// A code as English words: "review_rollout" → "Review rollout".
export function humanise(code) {
  const s = String(code ?? '').replace(/[_-]+/g, ' ').trim()
  return s ? s[0].toUpperCase() + s.slice(1) : '—'
}

// The name of a code in the current language: term('live', '上线运行').
export function term(code, zh) {
  if (locale.lang !== 'en') return zh ?? code ?? '—'
  if (code === null || code === undefined || code === '') return '—'
  return TERMS[code] ?? humanise(code)
}

// A row's coded field by name: lbl(alert, 'severity') reads alert.severity / alert.severity_zh.
export function lbl(row, field) {
  return row ? term(row[field], row[`${field}_zh`]) : '—'
}

// A model's (or push's) title in the current language: the API sends `title` (Chinese) and
// `title_en` (the YAML's English, where it has one); titleOf(alert, 'model_title') likewise.
export function titleOf(row, field = 'title') {
  if (!row) return ''
  return (locale.lang === 'en' && row[`${field}_en`]) || row[field] || ''
}

// A Chinese list of names joined as the language joins them.
export function joinList(items) {
  return items.join(locale.lang === 'en' ? ', ' : '、')
}
