// End-to-end test of the web console: a real `govmedia serve` on a temp database, driven with the
// system Chromium through playwright-core (no browser download).
//
//   (cd tests/browser && npm ci) && node --test tests/browser/
//
// Env: GOVMEDIA_BIN overrides the binary (default <repo>/build/govmedia); GOVMEDIA_WEB the web
// assets (default <repo>/web/dist, built with `cd web && npm ci && npm run build`);
// CHROMIUM_PATH the browser (default /usr/bin/chromium).
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '..', '..')
const bin = process.env.GOVMEDIA_BIN || path.join(repo, 'build', 'govmedia')
const webDir = process.env.GOVMEDIA_WEB || path.join(repo, 'web', 'dist')
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const outDir = path.join(here, 'out')

const ADMIN = { username: 'admin', password: 'browser-test-Pa55word' }
const UNIT = '张浦镇'
const PLATFORM = '微信订阅号'
const ACCOUNT = `张浦测试发布${process.pid}`
const LEADER_PHONE = '13800001234'

// Today in Beijing, as the server counts days.
function today() {
  const d = new Date(Date.now() + 8 * 3600 * 1000)
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`
}

let tmp
let server
let serverLog = ''
let baseUrl
let browser
let page
let accountId

function startServer() {
  return new Promise((resolve, reject) => {
    const args = ['serve', '--db', path.join(tmp, 't.db'), '--port', '0', '--bind', '127.0.0.1', '--web', webDir]
    server = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    const timer = setTimeout(() => reject(new Error(`server did not report listening within 30 s:\n${serverLog}`)), 30000)
    const onData = (chunk) => {
      serverLog += chunk.toString()
      const m = serverLog.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/)
      if (m) {
        clearTimeout(timer)
        resolve(`http://127.0.0.1:${m[1]}`)
      }
    }
    server.stdout.on('data', onData)
    server.stderr.on('data', onData)
    server.on('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
    server.on('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`server exited early (code ${code}, signal ${signal}):\n${serverLog}`))
    })
  })
}

function stopServer() {
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGTERM')
}
process.on('exit', stopServer)
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    stopServer()
    process.exit(1)
  })
}

async function shot(name) {
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true })
}

// Opens an Element Plus select and picks the option whose text is exactly `text`.
async function pickOption(selectLocator, text) {
  await selectLocator.click()
  const option = page
    .locator('.el-select-dropdown__item:visible')
    .filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) })
    .first()
  await option.click()
}

// The text box of an Element Plus input: el-input puts its attributes on the inner <input>/<textarea>,
// other components keep them on their root.
function field(scope, dataTest) {
  const t = `[data-test="${dataTest}"]`
  return scope.locator(`input${t}, textarea${t}, ${t} input, ${t} textarea`).first()
}

// Fills an Element Plus date picker (data-test on the picker) with YYYY-MM-DD.
async function fillDate(dataTest, value) {
  const input = field(page, dataTest)
  await input.click()
  await input.fill(value)
  await input.press('Enter')
}

// The steps build on each other: after the first failure the rest are skipped, not timed out.
let failed = false
function step(name, fn) {
  test(name, async (t) => {
    if (failed) {
      t.skip('an earlier step failed')
      return
    }
    try {
      await fn(t)
    } catch (e) {
      failed = true
      if (page) await shot(`failed-${name.replace(/[^\w\u4e00-\u9fff]+/g, '_')}`).catch(() => {})
      throw e
    }
  })
}

describe('web console', { timeout: 180000 }, () => {
  before(async () => {
    assert.ok(fs.existsSync(bin), `govmedia binary not found at ${bin} (build it first or set GOVMEDIA_BIN)`)
    assert.ok(
      fs.existsSync(path.join(webDir, 'index.html')),
      `web console not built at ${webDir} (run: cd web && npm ci && npm run build, or set GOVMEDIA_WEB)`,
    )
    fs.mkdirSync(outDir, { recursive: true })
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govmedia-browser-'))
    const add = spawnSync(
      bin,
      ['user', 'add', '--db', path.join(tmp, 't.db'), '--username', ADMIN.username, '--role', 'city_admin', '--password-stdin'],
      { input: `${ADMIN.password}\n`, encoding: 'utf8', timeout: 60000 },
    )
    assert.equal(add.status, 0, `user add failed: ${add.stderr}${add.stdout}`)
    baseUrl = await startServer()
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
    })
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    page = await context.newPage()
    page.setDefaultTimeout(15000)
    page.on('pageerror', (e) => console.error('page error:', e.message))
  })

  after(async () => {
    try {
      if (browser) await browser.close()
    } finally {
      stopServer()
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
    }
  })

  step('shows the login page and refuses a wrong password', async () => {
    await page.goto(`${baseUrl}/login`)
    await field(page, 'login-username').fill(ADMIN.username)
    await field(page, 'login-password').fill('wrong-password-123')
    await page.locator('[data-test="login-submit"]').click()
    await page.locator('[data-test="login-error"]').waitFor()
    assert.match(await page.locator('[data-test="login-error"]').innerText(), /用户名或密码错误/)
    await shot('01-login-error')
  })

  step('logs in as city_admin', async () => {
    await field(page, 'login-password').fill(ADMIN.password)
    await page.locator('[data-test="login-submit"]').click()
    await page.waitForURL(`${baseUrl}/`)
    await page.locator('[data-test="current-user"]', { hasText: ADMIN.username }).waitFor()
    await page.locator('[data-test="side-menu"]').getByText('审计日志').waitFor()
    await page.locator('[data-test="stat-units"]').waitFor()
    await shot('02-dashboard')
  })

  step('creates an account application for 张浦镇 on 微信订阅号', async () => {
    await page.locator('[data-test="side-menu"]').getByText('账号台账').click()
    await page.waitForURL(/\/accounts$/)
    await page.locator('[data-test="account-new"]').click()
    await page.waitForURL(/\/accounts\/new$/)
    await field(page, 'f-name').fill(ACCOUNT)
    await pickOption(page.locator('[data-test="f-unit"]'), UNIT)
    await pickOption(page.locator('[data-test="f-platform"]'), PLATFORM)
    await field(page, 'f-url').fill('https://mp.weixin.qq.com/zhangpu-test')
    await field(page, 'f-positioning').fill('发布张浦镇政务信息，提供办事服务指引')
    await field(page, 'f-main_leader-name').fill('王主任')
    await field(page, 'f-main_leader-title').fill('党政办主任')
    await field(page, 'f-main_leader-phone').fill(LEADER_PHONE)
    await field(page, 'f-staff-0-name').fill('李小编')
    await field(page, 'f-staff-0-title').fill('科员')
    await field(page, 'f-staff-0-phone').fill('13900005678')
    await field(page, 'f-managing_office').fill('党政办公室')
    await field(page, 'f-application_reason').fill('加强政务公开，回应群众关切')
    await shot('03-account-form')
    await page.locator('[data-test="account-submit"]').click()
    await page.waitForURL(/\/accounts\/\d+$/)
    accountId = Number(page.url().match(/\/accounts\/(\d+)$/)[1])
    await page.locator('[data-test="account-status"]', { hasText: '申请中' }).waitFor()
    assert.equal(await page.locator('[data-test="account-name"]').innerText(), ACCOUNT)
  })

  step('approves the application', async () => {
    await page.locator('[data-test="action-decide"]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.locator('[data-test="decision-approve"]').click()
    await field(dialog, 'decision-note').fill('同意开设')
    await dialog.locator('[data-test="decision-submit"]').click()
    await page.locator('[data-test="account-status"]', { hasText: '已批准' }).waitFor()
  })

  step('files the opening (开设备案) with an event date', async () => {
    await page.locator('[data-test="action-open"]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.waitFor()
    assert.equal(await dialog.locator('[data-test="unapproved-warning"]').count(), 0)
    await fillDate('filing-event_on', today())
    await field(dialog, 'filing-reason').fill('经批准开设')
    await dialog.locator('[data-test="filing-submit"]').click()
    await page.locator('[data-test="account-status"]', { hasText: '已开设' }).waitFor()
    const row = page.locator('[data-test="filings-table"] .el-table__body tr', { hasText: '开设' })
    await row.first().waitFor()
    assert.match(await row.first().innerText(), new RegExp(today()))
    await shot('04-account-detail')
  })

  step('forwards the filing to the provincial system', async () => {
    await page.locator('[data-test="side-menu"]').getByText('备案管理').click()
    await page.waitForURL(/\/filings/)
    const row = page.locator('[data-test="filings-table"] .el-table__body tr', { hasText: ACCOUNT })
    await row.first().waitFor()
    await shot('05-filings-pending')
    // The forward button sits in the fixed right column, which is a separate table body.
    await page.locator('[data-test="forward-button"]:visible').first().click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.locator('[data-test="forward-submit"]').click()
    await dialog.waitFor({ state: 'hidden' })
    await page.locator('.el-tabs__item', { hasText: '全部' }).click()
    const done = page.locator('[data-test="filings-table"] .el-table__body tr', { hasText: ACCOUNT }).first()
    await done.waitFor()
    await page.locator('[data-test="filings-table"] .el-table__body tr', { hasText: '已报送' }).first().waitFor()
    const text = await done.innerText()
    assert.match(text, /已报送/)
    assert.match(text, new RegExp(today()))
  })

  step('finds the account in the list filtered by unit, status 已开设', async () => {
    await page.locator('[data-test="side-menu"]').getByText('账号台账').click()
    await page.waitForURL(/\/accounts$/)
    await pickOption(page.locator('[data-test="filter-unit"]'), UNIT)
    await page.waitForURL(/unit_id=\d+/)
    const row = page.locator('[data-test="accounts-table"] .el-table__body tr', { hasText: ACCOUNT }).first()
    await row.waitFor()
    await row.locator('[data-status="open"]', { hasText: '已开设' }).waitFor()
    assert.match(await row.innerText(), new RegExp(UNIT))
    await shot('06-accounts-filtered')
  })

  step('prints the filing form (备案登记表)', async () => {
    await page.goto(`${baseUrl}/print/accounts/${accountId}`)
    await page.locator('[data-test="print-sheet"]').waitFor()
    assert.match(await page.locator('h1').innerText(), /昆山市政务新媒体备案登记表/)
    assert.equal((await page.locator('[data-test="print-name"]').innerText()).trim(), ACCOUNT)
    assert.match(await page.locator('[data-test="print-kinds"]').innerText(), /☑开设/)
    assert.match(await page.locator('[data-test="print-sheet"]').innerText(), new RegExp(LEADER_PHONE))
    await shot('07-print-form')
  })
})
