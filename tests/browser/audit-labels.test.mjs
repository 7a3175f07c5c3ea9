// Every audit action code the server writes has a Chinese label in the one labels file
// (data/audit_labels.json), which the server compiles in for the XLSX export and the console imports
// through web/src/utils/auditLabels.js, so no raw code reaches the audit page or its export. No
// browser needed: the codes are read from the C++ sources, where each is a literal in an audit
// Append/Audit call.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { repo } from './helpers.mjs'

const labelsFile = path.join(repo, 'data', 'audit_labels.json')
const { actions: AUDIT_ACTIONS, entities: AUDIT_ENTITIES } = JSON.parse(fs.readFileSync(labelsFile, 'utf8'))

function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? sources(p) : p.endsWith('.cc') ? [p] : []
  })
}

// The string literals of each audit call: `Append({…})` or a service's `Audit(p, …)`, up to its end.
function auditCalls() {
  const calls = []
  for (const file of sources(path.join(repo, 'src'))) {
    const text = fs.readFileSync(file, 'utf8')
    for (const m of text.matchAll(/\b(?:Append\(\s*\{|Audit\(\s*p,)([\s\S]*?)\}?\);/g)) {
      // A literal joined to a variable is only part of a code: `"rectification." + decision`,
      // `std::string(kind) + "s.import"`.
      const literals = [...m[1].matchAll(/(\+\s*)?"([^"\\]*)"(\s*\+)?/g)].map((x) => ({
        text: x[2],
        suffix: Boolean(x[1]),
        prefix: Boolean(x[3]),
      }))
      calls.push({ file: path.relative(repo, file), literals })
    }
  }
  return calls
}

test('every audit action and object type has a Chinese label', () => {
  const calls = auditCalls()
  assert.ok(calls.length > 40, `only ${calls.length} audit calls found: the pattern no longer matches the sources`)
  const labelled = Object.keys(AUDIT_ACTIONS)
  const missing = []
  for (const { file, literals } of calls) {
    const i = literals.findIndex((l) => /^[a-z_]*\.?[a-z_.]*$/.test(l.text) && l.text.includes('.'))
    if (i < 0) continue
    const code = literals[i]
    const ok = code.prefix
      ? labelled.some((l) => l.startsWith(code.text))
      : code.suffix
        ? labelled.some((l) => l.endsWith(code.text))
        : Boolean(AUDIT_ACTIONS[code.text])
    if (!ok) missing.push(`${code.text} (${file})`)
    // The object type is the literal right after the action (unless it too is only a part).
    const entity = literals[i + 1]
    if (entity && !entity.suffix && !entity.prefix && /^[a-z_]+$/.test(entity.text) && !AUDIT_ENTITIES[entity.text]) {
      missing.push(`object ${entity.text} (${file})`)
    }
  }
  assert.deepEqual(missing, [], 'add these to data/audit_labels.json')
})

// The console's module hands out the file's labels, not a copy of its own that the export would miss.
test('the console labels the audit log from the labels file', async () => {
  const js = await import(path.join(repo, 'web', 'src', 'utils', 'auditLabels.js'))
  assert.deepEqual(js.AUDIT_ACTIONS, AUDIT_ACTIONS)
  assert.deepEqual(js.AUDIT_ENTITIES, AUDIT_ENTITIES)
  assert.equal(js.auditActionLabel('correction.accept'), '受理网民纠错')
  assert.equal(js.auditValueLabel('rectification', 'status', 'answered'), '待复查')
  assert.equal(js.auditValueLabel('inspection', 'kind', 'higher'), '上级抽查')
  assert.equal(js.auditValueLabel('filing', 'kind', 'close'), '关停')
  assert.equal(js.auditActorLabel('system'), '平台（自动）')
  assert.equal(js.auditActionLabel('no.such_code'), 'no.such_code')
})
