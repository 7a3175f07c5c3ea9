// Page-load bench of the web console (issue 11): a real `govmedia serve` on a temp database and the
// system Chromium through playwright-core (the browser tests' helpers and node_modules).
//
// Measured, each over --runs runs (medians reported):
// - cold:   a new browser context (empty HTTP cache) opens /login;
// - reload: the same context reloads the page (warm cache);
// - login:  from the login page, sign in until the home page shows the user (cold context);
// - eight:  eight contexts of one browser open /login at the same moment (cold), all eight timed.
// "Usable" is the moment the login form's button is in the DOM, visible and enabled and the two
// inputs are there, taken in the page (performance.now(), i.e. since the navigation started) by a
// MutationObserver installed before any script of the page runs. Bytes are the transfer sizes of
// the navigation and every resource (what came over the wire; 0 for a cache hit).
//
//   (cd tests/browser && npm ci) && node bench/page_load.mjs [--runs 5] [--json out.json]
//
// Env: GOVMEDIA_BIN, GOVMEDIA_WEB, CHROMIUM_PATH as in tests/browser/helpers.mjs, e.g. the baseline:
//   GOVMEDIA_BIN=/work/baseline/govmedia GOVMEDIA_WEB=/work/baseline/dist node bench/page_load.mjs
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Harness, bin, webDir, chromiumPath } from '../tests/browser/helpers.mjs'
import { chromium } from '../tests/browser/node_modules/playwright-core/index.mjs'

const args = process.argv.slice(2)
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : def
}
const RUNS = Number(opt('runs', 5))
const JSON_OUT = opt('json', null)
const USERS = 8
const ADMIN = { username: 'admin', password: 'bench-Pa55word-1', role: 'city_admin' }

// Installed before the page's own scripts: records when the login form becomes usable.
function readyProbe() {
  const ready = () => {
    const button = document.querySelector('[data-test="login-submit"]')
    const inputs = document.querySelectorAll('[data-test="login-username"], [data-test="login-password"]')
    if (!button || inputs.length < 2 || button.disabled) return false
    const r = button.getBoundingClientRect()
    return r.width > 0 && r.height > 0
  }
  const mark = () => {
    if (window.__loginReady === undefined && ready()) {
      window.__loginReady = performance.now()
      return true
    }
    return window.__loginReady !== undefined
  }
  const observer = new MutationObserver(() => mark() && observer.disconnect())
  const start = () => {
    if (!mark()) observer.observe(document, { childList: true, subtree: true, attributes: true })
  }
  if (document.documentElement) start()
  else document.addEventListener('readystatechange', start, { once: true })
}

async function timings(page) {
  await page.waitForFunction(() => window.__loginReady !== undefined, null, { timeout: 120000 })
  await page.waitForLoadState('load', { timeout: 120000 })
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0]
    const res = performance.getEntriesByType('resource')
    const bytes = (nav ? nav.transferSize : 0) + res.reduce((s, r) => s + (r.transferSize || 0), 0)
    return {
      ready_ms: window.__loginReady,
      dcl_ms: nav ? nav.domContentLoadedEventEnd : null,
      load_ms: nav ? nav.loadEventEnd : null,
      requests: 1 + res.length,
      bytes,
    }
  })
}

async function newContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  await context.addInitScript(readyProbe)
  return context
}

async function cold(browser, baseUrl) {
  const context = await newContext(browser)
  const page = await context.newPage()
  await page.goto(`${baseUrl}/login`, { waitUntil: 'commit', timeout: 120000 })
  const first = await timings(page)
  await page.reload({ waitUntil: 'commit', timeout: 120000 })
  const reload = await timings(page)
  await context.close()
  return { first, reload }
}

async function loginToHome(browser, baseUrl) {
  const context = await newContext(browser)
  const page = await context.newPage()
  await page.goto(`${baseUrl}/login`, { waitUntil: 'commit', timeout: 120000 })
  await timings(page)
  await page.locator('[data-test="login-username"] input, input[data-test="login-username"]').first().fill(ADMIN.username)
  await page.locator('[data-test="login-password"] input, input[data-test="login-password"]').first().fill(ADMIN.password)
  let requests = 0
  page.on('request', () => requests++)
  const t0 = Date.now()
  await page.locator('[data-test="login-submit"]').click()
  await page.locator('[data-test="current-user"]', { hasText: ADMIN.username }).waitFor({ timeout: 120000 })
  const ms = Date.now() - t0
  await context.close()
  return { ms, requests }
}

async function eight(browser, baseUrl) {
  const contexts = await Promise.all(Array.from({ length: USERS }, () => newContext(browser)))
  const pages = await Promise.all(contexts.map((c) => c.newPage()))
  const results = await Promise.all(pages.map(async (p) => {
    await p.goto(`${baseUrl}/login`, { waitUntil: 'commit', timeout: 120000 })
    return timings(p)
  }))
  await Promise.all(contexts.map((c) => c.close()))
  return results.map((r) => r.ready_ms)
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const round = (x) => Math.round(x)

async function main() {
  const h = new Harness('govmedia-bench-pageload-')
  h.tmp = fs.mkdtempSync(path.join(os.tmpdir(), h.prefix))
  h.addUser(ADMIN)
  h.baseUrl = await h.startServer()
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  })
  const out = { bin, web: webDir, runs: RUNS, cold: [], reload: [], login_to_home: [], eight: [] }
  try {
    // One unmeasured load: the server's first requests and the browser's own start-up.
    await cold(browser, h.baseUrl)
    for (let i = 0; i < RUNS; i++) {
      const { first, reload } = await cold(browser, h.baseUrl)
      out.cold.push(first)
      out.reload.push(reload)
      out.login_to_home.push(await loginToHome(browser, h.baseUrl))
      out.eight.push(await eight(browser, h.baseUrl))
      process.stderr.write(`run ${i + 1}/${RUNS}: cold ${round(first.ready_ms)} ms, reload ${round(reload.ready_ms)} ms, eight max ${round(Math.max(...out.eight[i]))} ms\n`)
    }
  } finally {
    await browser.close()
    h.stopServer()
    fs.rmSync(h.tmp, { recursive: true, force: true })
  }

  const eightAll = out.eight.flat()
  const summary = {
    cold_ready_ms: round(median(out.cold.map((r) => r.ready_ms))),
    cold_load_event_ms: round(median(out.cold.map((r) => r.load_ms))),
    cold_requests: median(out.cold.map((r) => r.requests)),
    cold_kb: Math.round(median(out.cold.map((r) => r.bytes)) / 1024),
    reload_ready_ms: round(median(out.reload.map((r) => r.ready_ms))),
    reload_kb: Math.round(median(out.reload.map((r) => r.bytes)) / 1024),
    login_to_home_ms: round(median(out.login_to_home.map((r) => r.ms))),
    login_to_home_requests: median(out.login_to_home.map((r) => r.requests)),
    eight_median_ms: round(median(eightAll)),
    eight_slowest_ms: round(median(out.eight.map((e) => Math.max(...e)))),
  }
  out.summary = summary
  console.log(`binary ${bin}\nweb    ${webDir}\nruns   ${RUNS} (medians); load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}\n`)
  console.log('| measure | median |\n|---|---:|')
  console.log(`| login page, cold cache: form usable | ${summary.cold_ready_ms} ms |`)
  console.log(`| login page, cold cache: load event | ${summary.cold_load_event_ms} ms |`)
  console.log(`| login page, cold cache: requests / transferred | ${summary.cold_requests} / ${summary.cold_kb} KiB |`)
  console.log(`| login page, reload (warm cache): form usable | ${summary.reload_ready_ms} ms |`)
  console.log(`| login page, reload: transferred | ${summary.reload_kb} KiB |`)
  console.log(`| sign in → home page shown (cold cache) | ${summary.login_to_home_ms} ms, ${summary.login_to_home_requests} requests |`)
  console.log(`| 8 users at once, cold: form usable, each user | ${summary.eight_median_ms} ms |`)
  console.log(`| 8 users at once, cold: form usable, slowest of 8 | ${summary.eight_slowest_ms} ms |`)
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify(out, null, 2))
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
