// End-to-end test of 账号台账 → 批量导入 and 导出 (contracts/registry-import.md) in the web console:
// - the city office opens the import dialog, uploads a workbook with bad rows: nothing is imported
//   and the dialog lists every bad row as 第 N 行 / 列名 / 原因 (N as Excel shows it);
// - the corrected workbook: the summary 导入 N 个账号，跳过 0 个…; the list shows the accounts;
// - the same file again: 导入 0 个账号，跳过 N 个…, with the skipped rows;
// - 导出 with the list's filters gives an XLSX in the same columns that imports again unchanged;
// - a unit operator sees 导出 but not 批量导入.
// Screenshots of the dialog at 1440, 1280 and 390 px.
//
//   (cd tests/browser && npm ci) && node --test tests/browser/registry_import.test.mjs
//
// Env: see helpers.mjs (GOVMEDIA_BIN, GOVMEDIA_WEB, CHROMIUM_PATH).
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import ExcelJS from 'exceljs'
import path from 'node:path'
import { Harness, outDir } from './helpers.mjs'

const ADMIN = { username: 'admin', password: 'browser-test-Pa55word', role: 'city_admin' }
const OPERATOR = { username: 'zp', password: 'operator-Pa55word', role: 'unit_operator', unit: '张浦镇' }
const HEADER = ['账号名称', '主办单位', '账号平台', '发布内容及功能定位', '账号链接', '开设日期', '管理科室',
  '主要领导姓名', '主要领导职务', '主要领导联系方式', '工作人员1姓名', '工作人员1联系方式', '订阅源']

const h = new Harness('govmedia-browser-import-')
const { shot, step, login, logout, api } = h
let page

// A workbook as an office keeps it: a date cell for 开设日期, a phone typed as a number.
async function workbook(rows) {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('台账')
  sheet.addRow(HEADER)
  for (const r of rows) sheet.addRow(r)
  sheet.getColumn(6).numFmt = 'yyyy-mm-dd'
  return Buffer.from(await book.xlsx.writeBuffer())
}

const row = (name, unit, platform, opened, phone = 13812345678) => [
  name, unit, platform, `发布${unit}政务信息`, 'https://weibo.com/u/2001', opened, '党政办公室',
  '王主任', '党政办主任', phone, '李小编', '13900005678', 'https://example.gov.cn/a.xml; https://example.gov.cn/b.xml',
]

const GOOD = [
  row('张浦发布', '张浦镇', '微博', new Date(Date.UTC(2016, 4, 1))),
  row('周市发布', '周市镇', '微信订阅号', new Date(Date.UTC(2018, 8, 15))),
  row('昆山教育', '昆山市教育局', '抖音', '2020/1/15'),
]
const BAD = [
  GOOD[0],
  row('周市发布', '周市镇', '微信公众号', new Date(Date.UTC(2018, 8, 15))),
  row('昆山教育', '不存在局', '抖音', '2020/1/15', '12345'),
]

const dialog = () => page.locator('[data-test="import-dialog"]')

async function upload(name, bytes) {
  await dialog().locator('input[type="file"]').setInputFiles({
    name,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: bytes,
  })
  await dialog().locator('[data-test="import-file"]', { hasText: name }).waitFor()
}

async function dialogShots(name) {
  for (const width of [1440, 1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 })
    await page.waitForTimeout(150)
    await page.screenshot({ path: path.join(outDir, `${name}-${width}.png`), fullPage: false })
  }
  await page.setViewportSize({ width: 1440, height: 900 })
}

describe('账号台账批量导入与导出', () => {
  before(async () => {
    await h.setup({ users: [ADMIN, OPERATOR] })
    page = h.page
  })
  after(h.teardown)

  step('bad rows: nothing imported, every row named', async () => {
    await login(ADMIN.username, ADMIN.password)
    await page.goto(`${h.baseUrl}/accounts`)
    await page.locator('[data-test="accounts-import"]').click()
    await dialog().waitFor()
    assert.match(await dialog().locator('[data-test="import-template"]').getAttribute('href'), /\/api\/accounts\/import-template$/)
    await upload('台账（有误）.xlsx', await workbook(BAD))
    await dialog().locator('[data-test="import-submit"]').click()
    const table = dialog().locator('[data-test="import-errors"]')
    await table.waitFor()
    const lines = (await table.locator('[data-test="import-error"]').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())
    assert.deepEqual(lines, [
      '第 3 行 账号平台：未知的平台“微信公众号”（应为 微博、微信订阅号、微信服务号、抖音、快手、今日头条、微信视频号、哔哩哔哩、移动客户端、小程序、其他 之一）',
      '第 4 行 主办单位：台账中没有名为“不存在局”的单位',
      '第 4 行 主要领导联系方式：应为手机号码或固定电话（如 0512-57512345），不是“12345”',
    ])
    assert.match(await dialog().locator('[data-test="import-errors-title"]').innerText(), /有 3 处错误，未导入任何账号/)
    const list = await api('GET', '/api/accounts')
    assert.equal(list.data.total, 0)
    await dialogShots('30-import-errors')
  })

  step('the corrected file: the summary, and the list shows the accounts', async () => {
    await upload('台账.xlsx', await workbook(GOOD))
    assert.equal(await dialog().locator('[data-test="import-errors"]').count(), 0)
    await dialog().locator('[data-test="import-submit"]').click()
    const summary = dialog().locator('[data-test="import-summary"]')
    await summary.waitFor()
    assert.match(await summary.innerText(), /导入完成[\s\S]*导入 3 个账号，跳过 0 个已在台账中的账号/)
    await dialogShots('31-import-summary')
    await dialog().locator('[data-test="import-close"]').click()
    await page.locator('[data-test="accounts-table"] .el-table__body tr', { hasText: '昆山教育' }).waitFor()
    assert.equal(await page.locator('[data-test="accounts-table"] .el-table__body tr').count(), 3)
    const list = await api('GET', '/api/accounts')
    assert.ok(list.data.items.every((a) => a.status === 'open'))
  })

  step('the same file again adds nothing and lists the skipped rows', async () => {
    await page.locator('[data-test="accounts-import"]').click()
    await upload('台账.xlsx', await workbook(GOOD))
    await dialog().locator('[data-test="import-submit"]').click()
    await dialog().locator('[data-test="import-summary"]', { hasText: '导入 0 个账号，跳过 3 个已在台账中的账号' }).waitFor()
    assert.equal(await dialog().locator('[data-test="import-skipped"] li').count(), 3)
    await dialog().locator('[data-test="import-close"]').click()
  })

  step('导出 takes the filters and imports again unchanged', async () => {
    await page.goto(`${h.baseUrl}/accounts?platform=douyin`)
    const href = await page.locator('[data-test="accounts-export"]').getAttribute('href')
    assert.equal(href, '/api/accounts/export?platform=douyin')
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="accounts-export"]').click()])
    const bytes = await new Promise((resolve, reject) => {
      download.createReadStream().then((s) => {
        const parts = []
        s.on('data', (c) => parts.push(c))
        s.on('end', () => resolve(Buffer.concat(parts)))
        s.on('error', reject)
      }, reject)
    })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(bytes)
    const sheet = book.worksheets[0]
    assert.equal(sheet.getCell('A1').value, '账号名称')
    assert.equal(sheet.getCell('A2').value, '昆山教育')
    assert.equal(sheet.rowCount, 2)
    // The whole registry exported and uploaded again: nothing new.
    const all = await page.evaluate(async () => {
      const b = new Uint8Array(await (await fetch('/api/accounts/export')).arrayBuffer())
      let s = ''
      for (const x of b) s += String.fromCharCode(x)
      return btoa(s)
    })
    const again = await api('POST', '/api/accounts/import', { filename: 'export.xlsx', content_base64: all })
    assert.equal(again.status, 200, JSON.stringify(again.data))
    assert.equal(again.data.summary, '导入 0 个账号，跳过 3 个已在台账中的账号')
  })

  step('导出 on the other lists carries their filters', async () => {
    await page.goto(`${h.baseUrl}/filings`)
    await page.locator('[data-test="filings-tabs"] .el-tabs__item', { hasText: '全部' }).click()
    const button = page.locator('[data-test="filings-export"]')
    await page.waitForFunction(() => document.querySelector('[data-test="filings-export"]')?.getAttribute('href') === '/api/filings/export?view=all')
    const rows = await page.evaluate(async (href) => {
      const res = await fetch(href)
      return { status: res.status, type: res.headers.get('Content-Type'), size: (await res.arrayBuffer()).byteLength }
    }, await button.getAttribute('href'))
    assert.equal(rows.status, 200)
    assert.match(rows.type, /spreadsheetml/)
    for (const [path, test] of [['/inspections', 'inspections-export'], ['/freshness', 'freshness-export'],
      ['/availability', 'availability-export'], ['/rectifications', 'rect-export'], ['/reports', 'reports-export']]) {
      await page.goto(`${h.baseUrl}${path}`)
      const href = await page.locator(`[data-test="${test}"]`).getAttribute('href')
      assert.match(href, /^\/api\/[a-z]+\/export/, `${path}: ${href}`)
    }
  })

  step('a unit operator exports but does not import', async () => {
    await logout()
    await login(OPERATOR.username, OPERATOR.password)
    await page.goto(`${h.baseUrl}/accounts`)
    await page.locator('[data-test="accounts-export"]').waitFor()
    assert.equal(await page.locator('[data-test="accounts-import"]').count(), 0)
    await shot('32-accounts-operator')
  })
})
