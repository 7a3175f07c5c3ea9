// Shared pieces of the browser tests: a real `govmedia serve` on a temp database, the system
// Chromium through playwright-core, and helpers for Element Plus widgets.
//
// Env: GOVMEDIA_BIN overrides the binary (default <repo>/build/govmedia); GOVMEDIA_WEB the web
// assets (default <repo>/web/dist, built with `cd web && npm ci && npm run build`);
// CHROMIUM_PATH the browser (default /usr/bin/chromium).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
export const repo = path.resolve(here, '..', '..')
export const bin = process.env.GOVMEDIA_BIN || path.join(repo, 'build', 'govmedia')
export const webDir = process.env.GOVMEDIA_WEB || path.join(repo, 'web', 'dist')
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const outDir = path.join(here, 'out')

// Today in Beijing, as the server counts days.
export function today() {
  const d = new Date(Date.now() + 8 * 3600 * 1000)
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`
}

// One test file's world: temp directory and database, server, browser, page.
// Methods are arrow functions so they can be destructured.
export class Harness {
  constructor(prefix = 'govmedia-browser-') {
    this.prefix = prefix
    this.tmp = null
    this.server = null
    this.serverLog = ''
    this.baseUrl = null
    this.browser = null
    this.page = null
    this.failed = false
  }

  get dbPath() {
    return path.join(this.tmp, 't.db')
  }

  // users: [{ username, password, role, unit? }], created with `govmedia user add` before the
  // server starts.
  setup = async ({ users = [] } = {}) => {
    assert.ok(fs.existsSync(bin), `govmedia binary not found at ${bin} (build it first or set GOVMEDIA_BIN)`)
    assert.ok(
      fs.existsSync(path.join(webDir, 'index.html')),
      `web console not built at ${webDir} (run: cd web && npm ci && npm run build, or set GOVMEDIA_WEB)`,
    )
    fs.mkdirSync(outDir, { recursive: true })
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), this.prefix))
    for (const u of users) this.addUser(u)
    this.baseUrl = await this.startServer()
    const stop = () => this.stopServer()
    process.on('exit', stop)
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.on(sig, () => {
        stop()
        process.exit(1)
      })
    }
    this.browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
    })
    const context = await this.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    this.page = await context.newPage()
    this.page.setDefaultTimeout(15000)
    this.page.on('pageerror', (e) => console.error('page error:', e.message))
  }

  teardown = async () => {
    try {
      if (this.browser) await this.browser.close()
    } finally {
      this.stopServer()
      if (this.tmp) fs.rmSync(this.tmp, { recursive: true, force: true })
    }
  }

  addUser = ({ username, password, role, unit }) => {
    const args = ['user', 'add', '--db', this.dbPath, '--username', username, '--role', role, '--password-stdin']
    if (unit) args.push('--unit', unit)
    const add = spawnSync(bin, args, { input: `${password}\n`, encoding: 'utf8', timeout: 60000 })
    assert.equal(add.status, 0, `user add ${username} failed: ${add.stderr}${add.stdout}`)
  }

  startServer = () =>
    new Promise((resolve, reject) => {
      const args = ['serve', '--db', this.dbPath, '--port', '0', '--bind', '127.0.0.1', '--web', webDir]
      this.server = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
      const timer = setTimeout(() => reject(new Error(`server did not report listening within 30 s:\n${this.serverLog}`)), 30000)
      const onData = (chunk) => {
        this.serverLog += chunk.toString()
        const m = this.serverLog.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/)
        if (m) {
          clearTimeout(timer)
          resolve(`http://127.0.0.1:${m[1]}`)
        }
      }
      this.server.stdout.on('data', onData)
      this.server.stderr.on('data', onData)
      this.server.on('error', (e) => {
        clearTimeout(timer)
        reject(e)
      })
      this.server.on('exit', (code, signal) => {
        clearTimeout(timer)
        reject(new Error(`server exited early (code ${code}, signal ${signal}):\n${this.serverLog}`))
      })
    })

  stopServer = () => {
    const s = this.server
    if (s && s.exitCode === null && s.signalCode === null) s.kill('SIGTERM')
  }

  shot = async (name) => {
    await this.page.evaluate(() => window.scrollTo(0, 0))
    await this.page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true })
  }

  // Resizes the window and waits until the page has laid itself out again without scrolling
  // sideways; fails naming the widest element when it still does after a few seconds.
  assertFits = async (width, height = 844) => {
    await this.page.setViewportSize({ width, height })
    const fits = await this.page
      .waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth + 1, null, { timeout: 5000 })
      .then(() => true, () => false)
    if (fits) return
    const widest = await this.page.evaluate(() => {
      let best = null
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect()
        if (r.right > window.innerWidth + 1 && (!best || r.right > best.right))
          best = { right: Math.round(r.right), tag: el.tagName, cls: String(el.className).slice(0, 80) }
      }
      return best
    })
    assert.fail(`the page scrolls sideways at ${width} px: ${JSON.stringify(widest)}`)
  }

  // Opens an Element Plus select and picks the option whose text is exactly `text`.
  pickOption = async (selectLocator, text) => {
    await selectLocator.click()
    const option = this.page
      .locator('.el-select-dropdown__item:visible')
      .filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) })
      .first()
    await option.click()
  }

  // The text box of an Element Plus input: el-input puts its attributes on the inner <input>/<textarea>,
  // other components keep them on their root.
  field = (scope, dataTest) => {
    const t = `[data-test="${dataTest}"]`
    return scope.locator(`input${t}, textarea${t}, ${t} input, ${t} textarea`).first()
  }

  // Fills an Element Plus date picker (data-test on the picker) with YYYY-MM-DD, and checks that
  // the picker took the value.
  fillDate = async (dataTest, value) => {
    const input = this.field(this.page, dataTest)
    for (let attempt = 1; ; attempt++) {
      await input.click()
      await input.fill(value)
      await input.press('Enter')
      try {
        await this.page.waitForFunction(([el, v]) => el.value === v, [await input.elementHandle(), value], { timeout: 3000 })
        break
      } catch (e) {
        if (attempt >= 3) throw new Error(`date picker ${dataTest} did not take ${value}: ${e.message}`)
      }
    }
  }

  // Clicks a download link (导出) and returns the downloaded file's name and bytes.
  download = async (locator) => {
    const [download] = await Promise.all([this.page.waitForEvent('download'), locator.click()])
    const stream = await download.createReadStream()
    const parts = []
    for await (const chunk of stream) parts.push(chunk)
    return { name: download.suggestedFilename(), bytes: Buffer.concat(parts) }
  }

  // Logs in through the login page and waits for the home page.
  login = async (username, password) => {
    const page = this.page
    await page.goto(`${this.baseUrl}/login`)
    await this.field(page, 'login-username').fill(username)
    await this.field(page, 'login-password').fill(password)
    await page.locator('[data-test="login-submit"]').click()
    await page.waitForURL(`${this.baseUrl}/`)
    await page.locator('[data-test="current-user"]', { hasText: username }).waitFor()
  }

  logout = async () => {
    await this.page.locator('[data-test="logout"]').click()
    await this.page.waitForURL(/\/login/)
  }

  // The steps build on each other: after the first failure the rest are skipped, not timed out.
  step = (name, fn) => {
    test(name, async (t) => {
      if (this.failed) {
        t.skip('an earlier step failed')
        return
      }
      try {
        await fn(t)
      } catch (e) {
        this.failed = true
        if (this.page) await this.shot(`failed-${name.replace(/[^\w\u4e00-\u9fff]+/g, '_')}`).catch(() => {})
        throw e
      }
    })
  }

  // A JSON call from the page, with the session cookie and CSRF token of whoever is logged in.
  api = (method, url, body) =>
    this.page.evaluate(
      async ([method, url, body]) => {
        const session = await (await fetch('/api/session')).json()
        const res = await fetch(url, {
          method,
          headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
          body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
        })
        return { status: res.status, data: await res.json().catch(() => null) }
      },
      [method, url, body],
    )

  // As the city office (logged in): an already-open account of `unitName` (registered as existing,
  // as the office records the accounts it finds open). Returns its id.
  registerAccount = async (unitName, name, platform, url) => {
    const units = await this.api('GET', '/api/units?page_size=500')
    assert.equal(units.status, 200, JSON.stringify(units.data))
    const unit = (Array.isArray(units.data) ? units.data : units.data.items).find((u) => u.name === unitName)
    assert.ok(unit, `unit ${unitName} not found`)
    const account = await this.api('POST', '/api/accounts', {
      registration: 'existing',
      unit_id: unit.id,
      name,
      platform,
      url,
      positioning: `发布${unitName}政务信息`,
      managing_office: '党政办公室',
      main_leader: { name: '王主任', title: '党政办主任', phone: '13800001234' },
      staff: [{ name: '李小编', title: '科员', phone: '13900005678' }],
      certification: `昆山市${unitName}人民政府`,
      opened_on: '2020-01-02',
    })
    assert.equal(account.status, 201, JSON.stringify(account.data))
    return account.data.id
  }

  // As the city office (logged in): an already-open weibo account of `unitName` and an integration
  // that may push its posts. Returns { accountId, token }.
  registerAccountWithFeed = async (unitName, accountName, url) => {
    const accountId = await this.registerAccount(unitName, accountName, 'weibo', url)
    const integration = await this.api('POST', '/api/integrations', { name: '张浦镇采集' })
    assert.equal(integration.status, 201, JSON.stringify(integration.data))
    assert.ok(integration.data.token)
    return { accountId, token: integration.data.token }
  }
}
