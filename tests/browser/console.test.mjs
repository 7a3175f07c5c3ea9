// End-to-end test of the web console: a real `govmedia serve` on a temp database, driven with the
// system Chromium through playwright-core (no browser download).
//
//   (cd tests/browser && npm ci) && node --test tests/browser/
//
// Env: see helpers.mjs (GOVMEDIA_BIN, GOVMEDIA_WEB, CHROMIUM_PATH).
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { Harness, today } from './helpers.mjs'

const ADMIN = { username: 'admin', password: 'browser-test-Pa55word' }
const UNIT = '张浦镇'
const PLATFORM = '微信订阅号'
const ACCOUNT = `张浦测试发布${process.pid}`
const LEADER_PHONE = '13800001234'

const h = new Harness('govmedia-browser-')
const { shot, pickOption, field, fillDate, step } = h
let page
let baseUrl
let accountId

describe('web console', { timeout: 180000 }, () => {
  before(async () => {
    await h.setup({ users: [{ ...ADMIN, role: 'city_admin' }] })
    page = h.page
    baseUrl = h.baseUrl
  })

  after(h.teardown)

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
