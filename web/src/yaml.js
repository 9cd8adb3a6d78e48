// Writes a scenario model definition as YAML for the workshop's builder. Strings are written
// double-quoted (JSON strings are valid YAML), so any text round-trips safely.
const q = (s) => JSON.stringify(String(s ?? ''))
const list = (xs) => '[' + xs.map((x) => (/^[a-z_][a-z0-9_]*$/i.test(x) ? x : q(x))).join(', ') + ']'

// A condition value typed in the builder: numbers stay numbers, "ref:field" refers to
// another field of the row, comma lists for in / not_in / between.
export function parseValue(op, raw) {
  if (op === 'is_null' || op === 'not_null') return undefined
  const one = (s) => {
    s = s.trim()
    if (s.startsWith('ref:')) return { ref: s.slice(4).trim() }
    if (s !== '' && !isNaN(Number(s))) return Number(s)
    if (s === 'true' || s === 'false') return s === 'true'
    return s
  }
  if (op === 'in' || op === 'not_in' || op === 'between') return String(raw).split(/[,，]/).map(one)
  return one(String(raw))
}

function flowValue(v) {
  if (Array.isArray(v)) return '[' + v.map(flowValue).join(', ') + ']'
  if (v && typeof v === 'object') return '{' + Object.entries(v).map(([k, x]) => `${k}: ${flowValue(x)}`).join(', ') + '}'
  if (typeof v === 'string') return q(v)
  return String(v)
}

// A builder leaf as one flow mapping: {field: ..., op: ..., value: ...}; "since:<date field>"
// is the days from that date to the run's day (days_since).
function leafYaml(c) {
  const v = parseValue(c.op, c.value)
  const f = String(c.field || '')
  const parts = [f.startsWith('since:') ? `days_since: ${q(f.slice(6))}` : `field: ${q(f)}`, `op: ${c.op}`]
  if (v !== undefined) parts.push(`value: ${flowValue(v)}`)
  return `{${parts.join(', ')}}`
}

// An all/any group: its key after `head` (the indent, or "- " for a nested group), its items
// at `indent` — a leaf on one line, a nested group as "- any:" with its items four columns
// further in. An empty group is written `all: []`, which validation refuses by name.
export const isGroup = (c) => c && Array.isArray(c.conditions)
function writeGroup(out, g, head, indent) {
  if (!g.conditions.length) {
    out.push(`${head}${g.combinator}: []`)
    return
  }
  out.push(`${head}${g.combinator}:`)
  for (const c of g.conditions) {
    if (isGroup(c)) writeGroup(out, c, `${indent}- `, `${indent}    `)
    else out.push(`${indent}- ${leafYaml(c)}`)
  }
}

export function modelYaml(m) {
  const out = [
    `id: ${m.id}`,
    'version: 1',
    'title:',
    `  zh: ${q(m.title_zh)}`,
    `  en: ${q(m.title_en || m.id)}`,
    `category: ${m.category}`,
    `description: ${q(m.description || '')}`,
  ]
  if (m.scenarios && m.scenarios.length) out.push(`scenarios: ${list(m.scenarios)}`)
  out.push(`nodes: ${list(m.nodes)}`, `severity: ${m.severity}`, `message: ${q(m.message)}`, 'legal_basis:')
  for (const b of m.legal_basis.filter((x) => x && x.trim())) out.push(`  - ${q(b)}`)
  // Every workshop model declares its own time budget: a review or backtest refuses one without.
  out.push(`owner_court: ${m.owner_court}`, 'state: modelling', `time_budget_ms: ${Number(m.time_budget_ms) || 2000}`, 'logic:')
  if (m.kind === 'sql') {
    out.push('  sql: |')
    for (const line of m.sql.split('\n')) out.push('    ' + line)
  } else {
    out.push('  conditions:', `    subject: ${m.subject}`, '    where:')
    writeGroup(out, m, '      ', '        ')
    if (m.evidence && m.evidence.length) out.push(`    evidence: ${list(m.evidence)}`)
  }
  return out.join('\n') + '\n'
}
