// End-to-end test of the console's defences against markup in stored values (issue 9):
// - the server sends a restrictive Content-Security-Policy with the console (on / and on a deep
//   console URL), and the console runs under it without one violation;
// - a unit whose name carries markup (`<img src=x onerror=…>`) shows as text in the chart
//   tooltips of the home page's heat map and of the annual assessment chart: no element injected,
//   the handler never runs, no request for the image.
//
//   (cd tests/browser && npm ci) && node --test tests/browser/security.test.mjs
//
// Env: see helpers.mjs (GOVMEDIA_BIN, GOVMEDIA_WEB, CHROMIUM_PATH).
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { Harness, today } from './helpers.mjs'

const ADMIN = { username: 'admin', password: 'browser-test-Pa55word', role: 'city_admin' }
const XSS_UNIT = '<img src=x onerror=window.__xss=1>单位'
const YEAR = Number(today().slice(0, 4))
const QUARTER = Math.floor((Number(today().slice(5, 7)) - 1) / 3) + 1
const WIDTHS = [390, 1280, 1440]

const h = new Harness('govmedia-browser-security-')
const { shot, step, login, registerAccount, api } = h
let page
const imageRequests = []

async function ok(res, status = 200) {
  assert.equal(res.status, status, JSON.stringify(res.data))
  return res.data
}

// Every CSP violation the page reports, from before its first script on.
function recordViolations() {
  window.__csp = []
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`)
  })
}

function assertCsp(res, where) {
  const csp = res.headers.get('content-security-policy')
  assert.ok(csp, `no Content-Security-Policy on ${where}`)
  const directives = Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name.toLowerCase(), values]),
  )
  assert.deepEqual(directives['default-src'], ["'self'"], csp)
  assert.deepEqual(directives['script-src'], ["'self'"], `${where}: scripts only from the console's origin: ${csp}`)
  assert.deepEqual(directives['object-src'], ["'none'"], csp)
  assert.deepEqual(directives['frame-ancestors'], ["'none'"], csp)
  assert.deepEqual(directives['base-uri'], ["'self'"], csp)
  assert.ok(!/unsafe-eval/.test(csp), csp)
}

// The ECharts tooltip of a chart: the child of the chart's element that is not the canvas layer.
async function tooltipOf(chart) {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel)
    const tip = [...root.querySelectorAll(':scope > div')].find((d) => !d.querySelector('canvas') && getComputedStyle(d).display !== 'none' && d.textContent.trim())
    if (!tip) return null
    return { text: tip.textContent, html: tip.innerHTML, elements: [...tip.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()) }
  }, `[data-test="${chart}"]`)
}

// Assert the tooltip shows the unit's name as text and nothing ran.
async function assertInert(tip, chart) {
  assert.ok(tip, `no tooltip on ${chart}`)
  assert.ok(tip.text.includes(XSS_UNIT), `${chart} tooltip: ${tip.text}`)
  for (const tag of ['img', 'script', 'svg', 'iframe']) assert.ok(!tip.elements.includes(tag), `${chart} tooltip holds <${tag}>: ${tip.html}`)
  assert.ok(!/<img/i.test(tip.html), tip.html)
  assert.equal(await page.evaluate(() => window.__xss), undefined)
  assert.deepEqual(imageRequests, [])
}

async function atWidths(name) {
  for (const w of WIDTHS) {
    await page.setViewportSize({ width: w, height: 900 })
    await page.waitForTimeout(300)
    await shot(`${name}-${w}`)
  }
  await page.setViewportSize({ width: 1440, height: 900 })
}

describe('markup in stored values and the Content-Security-Policy', { timeout: 300000 }, () => {
  before(async () => {
    await h.setup({ users: [ADMIN] })
    page = h.page
    await page.context().addInitScript(recordViolations)
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/x') imageRequests.push(r.url())
    })
  })

  after(h.teardown)

  step('the console is served with a Content-Security-Policy, on / and on a deep console URL', async () => {
    for (const url of ['/', '/login', '/spot-rounds/1', '/assessments?year=2020']) {
      const res = await fetch(`${h.baseUrl}${url}`)
      assert.equal(res.status, 200, url)
      assert.match(res.headers.get('content-type') || '', /text\/html/, url)
      assertCsp(res, url)
    }
  })

  step('the built index.html holds no inline script', async () => {
    const html = await (await fetch(`${h.baseUrl}/`)).text()
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    assert.ok(scripts.length >= 1, html)
    for (const [, attrs, body] of scripts) {
      assert.match(attrs, /\bsrc="\/assets\//, `inline script: ${attrs}`)
      assert.equal(body.trim(), '')
    }
    assert.ok(!/\son[a-z]+=/i.test(html), 'inline event handler in index.html')
  })

  step('the city office adds a unit whose name carries markup, with an account checked this quarter', async () => {
    await login(ADMIN.username, ADMIN.password)
    const unit = await ok(await api('POST', '/api/units', { name: XSS_UNIT, category: '其他' }), 201)
    assert.equal(unit.name, XSS_UNIT)
    await registerAccount(XSS_UNIT, '标记测试发布', 'weibo', 'https://weibo.com/markup-unit')
    const round = await ok(
      await api('POST', '/api/spot-rounds', {
        year: YEAR,
        quarter: QUARTER,
        name: `${YEAR}年抽查`,
        method: 'ratio',
        ratio: 1,
        seed: 3,
        monitoring_time: new Date(Date.now() - 60000).toISOString().replace(/\.\d+Z$/, 'Z'),
      }),
      201,
    )
    assert.equal(round.items.length, 1)
    for (const item of round.items) {
      const { inspection_id: id } = await ok(await api('POST', `/api/spot-round-items/${item.id}/inspection`), 201)
      await ok(await api('POST', `/api/inspections/${id}/close`))
    }
    await ok(await api('POST', `/api/spot-rounds/${round.id}/finish`))
  })

  step('the home page’s heat map shows the name as text in its tooltip', async () => {
    await page.goto(`${h.baseUrl}/`)
    const chart = page.locator('[data-test="sv-unit-chart"]')
    await chart.locator('canvas').first().waitFor()
    await chart.scrollIntoViewIfNeeded()
    const box = await chart.boundingBox()
    // grid: left 130, right 20, top 10, bottom 64; one row (the only unit checked), four quarters.
    const gridW = box.width - 150
    const gridH = box.height - 74
    await chart.hover({ position: { x: 130 + gridW * ((QUARTER - 0.5) / 4), y: 10 + gridH / 2 } })
    await page.waitForFunction((sel) => {
      const root = document.querySelector(sel)
      return [...root.querySelectorAll(':scope > div')].some((d) => !d.querySelector('canvas') && d.textContent.includes('合格率'))
    }, '[data-test="sv-unit-chart"]')
    const tip = await tooltipOf('sv-unit-chart')
    await assertInert(tip, 'sv-unit-chart')
    assert.match(tip.text, /合格率 100%/)
    await shot('90-security-heatmap-tooltip')
    await atWidths('91-security-home')
  })

  step('the assessment chart shows the name as text in its tooltip', async () => {
    await page.goto(`${h.baseUrl}/assessments?year=${YEAR}`)
    const chart = page.locator('[data-test="assessment-chart"]')
    await chart.locator('canvas').first().waitFor()
    const rows = await ok(await api('GET', `/api/assessments?year=${YEAR}`))
    const n = (Array.isArray(rows) ? rows : rows.items).length
    assert.ok(n > 1, `assessment rows ${n}`)
    const box = await chart.boundingBox()
    // grid: left 40, right 70, top 36, bottom 110; one category per unit: sweep them.
    const gridW = box.width - 110
    let tip = null
    for (let i = 0; i < n && !tip; i++) {
      await chart.hover({ position: { x: 40 + gridW * ((i + 0.5) / n), y: 36 + (box.height - 146) / 2 } })
      await page.waitForTimeout(60)
      const t = await tooltipOf('assessment-chart')
      if (t && t.text.includes('单位') && t.text.includes('x onerror')) tip = t
    }
    await assertInert(tip, 'assessment-chart')
    // The table prints it as text too.
    await page.locator('[data-test="assessments-table"]').getByText(XSS_UNIT, { exact: true }).first().waitFor()
    assert.equal(await page.locator('[data-test="assessments-table"] img').count(), 0)
    await shot('92-security-assessment-tooltip')
    await atWidths('93-security-assessments')
  })

  step('no page broke the Content-Security-Policy', async () => {
    // The pages with charts, lists, dialogs and uploads, each opened fresh under the policy.
    for (const url of ['/', '/accounts', '/spot-rounds', '/posts', '/assessments', '/inspections', '/login']) {
      await page.goto(`${h.baseUrl}${url}`)
      await page.waitForLoadState('networkidle')
      assert.deepEqual(await page.evaluate(() => window.__csp), [], url)
    }
    assert.equal(await page.evaluate(() => window.__xss), undefined)
  })
})
