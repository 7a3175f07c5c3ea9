// The audit log page: filters by action, person and day narrow the list (the server filters), and
// actions, objects and fields are shown in Chinese with the raw code only as secondary text. Also
// the login page's hint and the page help line.
//
// Env: see helpers.mjs (GOVMEDIA_BIN, GOVMEDIA_WEB, CHROMIUM_PATH).
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import ExcelJS from 'exceljs'
import { Harness, today } from './helpers.mjs'

const ADMIN = { username: 'admin', password: 'browser-test-Pa55word' }
const ZP = { username: 'zp_operator', password: 'browser-test-Pa55word', unit: '张浦镇' }

const h = new Harness('govmedia-browser-audit-')
const { shot, field, fillDate, step, assertFits } = h
let page
let baseUrl

const rows = () => page.locator('[data-test="audit-table"] .el-table__body-wrapper tr.el-table__row')
const column = async (dataTest) => page.locator(`[data-test="audit-table"] [data-test="${dataTest}"]`).allInnerTexts()
const totalText = async () => (await page.locator('.el-pagination__total').innerText()).replace(/\s/g, '')

// Picks an option of a filterable Element Plus select by typing part of its label.
async function choose(dataTest, typed, label) {
  const select = page.locator(`[data-test="${dataTest}"]`)
  await select.click()
  await select.locator('input').fill(typed)
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: label }).first().click()
}

// Waits until the action cells of the table satisfy `check` (the page's CSP forbids evaluating
// the predicate there, so it is polled from here).
async function waitForRows(check, timeout = 15000) {
  const end = Date.now() + timeout
  let texts = []
  while (Date.now() < end) {
    texts = (await column('audit-action-cell')).map((t) => t.trim())
    if (check(texts)) return
    await page.waitForTimeout(200)
  }
  assert.fail(`audit rows never matched ${check}: ${JSON.stringify(texts)}`)
}

describe('audit log', { timeout: 180000 }, () => {
  before(async () => {
    await h.setup({
      users: [
        { ...ADMIN, role: 'city_admin' },
        { ...ZP, role: 'unit_operator' },
      ],
    })
    page = h.page
    baseUrl = h.baseUrl
  })

  after(h.teardown)

  step('the login page says whom to ask for a forgotten password', async () => {
    await page.goto(`${baseUrl}/login`)
    assert.equal((await page.locator('[data-test="login-hint"]').innerText()).trim(), '忘记口令请联系市政府办公室')
  })

  step('an operator applies for an account and the city office registers another', async () => {
    await h.login(ZP.username, ZP.password)
    const units = await h.api('GET', '/api/units?page_size=500')
    const zp = (Array.isArray(units.data) ? units.data : units.data.items).find((u) => u.name === ZP.unit)
    const applied = await h.api('POST', '/api/accounts', {
      unit_id: zp.id,
      name: '张浦审计测试号',
      platform: 'weibo',
      positioning: '发布张浦镇政务信息',
      main_leader: { name: '王主任', title: '党政办主任', phone: '13800001234' },
      staff: [{ name: '李小编', title: '科员', phone: '13900005678' }],
      application_reason: '工作需要',
    })
    assert.equal(applied.status, 201, JSON.stringify(applied.data))
    await h.logout()
    await h.login(ADMIN.username, ADMIN.password)
    await h.registerAccount('周市镇', '周市审计测试号', 'wechat_subscription', 'https://mp.weixin.qq.com/zhoushi-audit')
  })

  step('every action is shown in Chinese, its code only in the tooltip', async () => {
    await page.goto(`${baseUrl}/audit`)
    await page.locator('[data-test="page-help-text"]').waitFor()
    await waitForRows((texts) => texts.includes('提交开设申请') && texts.includes('补录已开设账号'))
    for (const text of await column('audit-action-cell')) assert.doesNotMatch(text, /[a-z_]+\.[a-z_]/, `raw code shown: ${text}`)
    for (const text of await column('audit-entity-cell')) assert.doesNotMatch(text, /^[a-z_]+/, `raw object type shown: ${text}`)
    assert.ok((await column('audit-actor-cell')).includes('平台（自动）'), 'the platform itself is named in Chinese')
    await rows().filter({ hasText: '提交开设申请' }).first().locator('[data-test="audit-action-cell"]').hover()
    await page.locator('.el-popper:visible', { hasText: 'account.apply' }).waitFor()
    await shot('audit-1440')
  })

  step('filtering by action narrows the list to that action', async () => {
    const before = await totalText()
    await choose('audit-action', '补录', '补录已开设账号')
    await waitForRows((texts) => texts.length > 0 && texts.every((t) => t === '补录已开设账号'))
    assert.equal(await totalText(), '共1条')
    assert.notEqual(before, '共1条')
    // The details say which fields were written, in Chinese.
    await rows().first().locator('.el-table__expand-icon').click()
    const diff = await page.locator('[data-test="audit-diff"]').innerText()
    assert.match(diff, /名称/)
    assert.match(diff, /周市审计测试号/)
    assert.match(diff, /主要领导/)
    assert.match(diff, /已开设/)
    assert.match(diff, /微信订阅号/)
    await shot('audit-expanded-1440')
  })

  step('filtering by person narrows the list to what that person did', async () => {
    await page.locator('[data-test="audit-reset"]').click()
    await waitForRows((texts) => texts.includes('提交开设申请') && texts.includes('补录已开设账号'))
    await choose('audit-actor', 'zp_', 'zp_operator')
    await waitForRows((texts) => texts.length > 0 && texts.every((t) => t === '提交开设申请'))
    assert.deepEqual([...new Set(await column('audit-actor-cell'))], ['zp_operator'])
    assert.equal(await totalText(), '共1条')
    // The same person and an action they did not do: nothing.
    await choose('audit-action', '报送', '报送省系统')
    await page.locator('[data-test="audit-table"] .el-table__empty-text').waitFor()
  })

  step('filtering by day: today has the rows, yesterday none', async () => {
    await page.locator('[data-test="audit-reset"]').click()
    await waitForRows((texts) => texts.length >= 3)
    await fillDate('audit-from', today())
    await fillDate('audit-to', today())
    await waitForRows((texts) => texts.includes('提交开设申请'))
    const d = new Date(`${today()}T00:00:00Z`)
    d.setUTCDate(d.getUTCDate() - 1)
    const yesterday = d.toISOString().slice(0, 10)
    await fillDate('audit-from', yesterday)
    await fillDate('audit-to', yesterday)
    await page.locator('[data-test="audit-table"] .el-table__empty-text').waitFor()
    // A bad date from elsewhere (a typed URL, a script) is refused by the server by name.
    const bad = await h.api('GET', '/api/audit?from=2024-02-30')
    assert.equal(bad.status, 400)
    assert.equal(bad.data.error.field, 'from')
  })

  step('导出 gives the filtered log as an XLSX', async () => {
    await page.locator('[data-test="audit-reset"]').click()
    await waitForRows((texts) => texts.length >= 3)
    await choose('audit-actor', 'zp_', 'zp_operator')
    await waitForRows((texts) => texts.length > 0 && texts.every((t) => t === '提交开设申请'))
    const button = page.locator('[data-test="audit-export"]')
    assert.equal(await button.getAttribute('href'), '/api/audit/export?actor=zp_operator')
    const file = await h.download(button)
    assert.equal(file.name, '审计日志.xlsx')
    assert.equal(file.bytes.subarray(0, 2).toString('latin1'), 'PK')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(file.bytes)
    const sheet = book.worksheets[0]
    assert.deepEqual(sheet.getRow(1).values.slice(1, 4), ['时间', '操作人', '操作'])
    // The filter holds: the one row of that person, as on the page.
    assert.equal(sheet.rowCount, 2)
    assert.equal(sheet.getCell('B2').value, 'zp_operator')
    await shot('audit-export-1440')
  })

  step('screenshots at 1280 and 390 px', async () => {
    await page.locator('[data-test="audit-reset"]').click()
    await waitForRows((texts) => texts.length >= 3)
    await page.setViewportSize({ width: 1280, height: 900 })
    await shot('audit-1280')
    await assertFits(390)
    await shot('audit-390')
    await page.setViewportSize({ width: 1440, height: 900 })
  })
})
