// End-to-end test of inspections (检查, 附件2), indicator set versions (指标体系) and the annual
// assessment (年度考核, 附件3) in the web console: an inspector checks an account, records a finding
// with a screenshot, reads the explained score, dismisses (核减) a derived finding and closes the
// inspection; the city office then publishes a new indicator set version, previews the closed
// inspection under it, enters a unit's assessment inputs for 2024 and finalizes the year.
//
//   (cd tests/browser && npm ci) && node --test tests/browser/
//
// Env: see helpers.mjs (GOVMEDIA_BIN, GOVMEDIA_WEB, CHROMIUM_PATH).
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import zlib from 'node:zlib'
import { Harness, today } from './helpers.mjs'

const ADMIN = { username: 'admin', password: 'browser-test-Pa55word', role: 'city_admin' }
const INSPECTOR = { username: 'checker', password: 'inspector-Pa55word', role: 'inspector' }
const UNIT = '张浦镇'
const ACCOUNT = `张浦检查样本${process.pid}`
// Certification that does not name 张浦镇: the platform derives 认证信息不规范 (-10).
const CERTIFICATION = '昆山市政务服务中心'
// A past year the working-day calendar covers.
const YEAR = 2024

// A small PNG (96×64, red and white stripes), built here so the test needs no fixture file.
function stripedPng(width = 96, height = 64) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc32 = (buf) => {
    let c = 0xffffffff
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(td))
    return Buffer.concat([len, td, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1)
    for (let x = 0; x < width; x++) {
      const red = Math.floor((x + y) / 8) % 2 === 0
      raw.set(red ? [220, 40, 40] : [255, 255, 255], row + 1 + x * 3)
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const h = new Harness('govmedia-browser-insp-')
const { shot, pickOption, field, fillDate, step, login, logout } = h
let page
let inspectionUrl

const menu = () => page.locator('[data-test="side-menu"]')
// The row of the deduction table that explains one indicator.
const deductionRow = (indicator) =>
  page.locator('[data-test="deductions-table"] .el-table__body tr', { has: page.locator(`[data-test="deduction-${indicator}"]`) })

async function expectScore(value, scope = page) {
  await scope.locator('[data-test="result-score"]', { hasText: new RegExp(`^\\s*${value}\\s*$`) }).first().waitFor()
}

async function confirmMessageBox() {
  const box = page.locator('.el-message-box:visible')
  await box.waitFor()
  await box.locator('.el-button--primary').click()
  await box.waitFor({ state: 'hidden' })
}

describe('inspections and indicator sets', { timeout: 240000 }, () => {
  before(async () => {
    await h.setup({ users: [ADMIN, INSPECTOR] })
    page = h.page
  })

  after(h.teardown)

  step('the city office registers an already-open account of 张浦镇 (certification without the unit name)', async () => {
    await login(ADMIN.username, ADMIN.password)
    await menu().getByText('账号台账').click()
    await page.waitForURL(/\/accounts$/)
    await page.locator('[data-test="account-new"]').click()
    await page.waitForURL(/\/accounts\/new$/)
    await page.locator('[data-test="reg-existing"]').click()
    await field(page, 'f-name').fill(ACCOUNT)
    await pickOption(page.locator('[data-test="f-unit"]'), UNIT)
    await pickOption(page.locator('[data-test="f-platform"]'), '微博')
    await field(page, 'f-url').fill('https://weibo.com/zhangpu-sample')
    await field(page, 'f-positioning').fill('发布张浦镇政务信息')
    await field(page, 'f-main_leader-name').fill('王主任')
    await field(page, 'f-main_leader-title').fill('党政办主任')
    await field(page, 'f-main_leader-phone').fill('13800001234')
    await field(page, 'f-staff-0-name').fill('李小编')
    await field(page, 'f-staff-0-title').fill('科员')
    await field(page, 'f-staff-0-phone').fill('13900005678')
    await field(page, 'f-managing_office').fill('党政办公室')
    await field(page, 'f-certification').fill(CERTIFICATION)
    await fillDate('f-opened_on', '2020-01-02')
    await page.locator('[data-test="account-submit"]').click()
    await page.waitForURL(/\/accounts\/\d+$/)
    await page.locator('[data-test="account-status"]', { hasText: '已开设' }).waitFor()
  })

  step('an inspector logs in and sees 检查, 指标体系 and 年度考核 in the menu', async () => {
    await logout()
    await login(INSPECTOR.username, INSPECTOR.password)
    for (const title of ['检查', '指标体系', '年度考核']) await menu().getByText(title, { exact: true }).waitFor()
    assert.equal(await menu().getByText('审计日志').count(), 0)
  })

  step('the inspector starts a 抽查 of the account; the derived finding shows at once', async () => {
    await menu().getByText('检查', { exact: true }).click()
    await page.waitForURL(/\/inspections$/)
    await page.locator('[data-test="inspection-new"]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.waitFor()
    // An inspector may run 抽查 and 上级抽查, not a unit's 自查.
    assert.equal(await dialog.locator('[data-test="ni-kind-self"]').count(), 0)
    await dialog.locator('[data-test="ni-account"]').click()
    await page.keyboard.type(ACCOUNT)
    await page.locator('.el-select-dropdown__item:visible', { hasText: ACCOUNT }).first().click()
    await dialog.locator('[data-test="ni-kind-city"]').click()
    // The monitoring time defaults to now, in Beijing time.
    const when = await field(dialog, 'ni-monitoring_time').inputValue()
    assert.match(when, new RegExp(`^${today()} \\d{2}:\\d{2}$`))
    await shot('10-new-inspection')
    await dialog.locator('[data-test="ni-submit"]').click()
    await page.waitForURL(/\/inspections\/\d+$/)
    inspectionUrl = page.url()
    await page.locator('[data-test="inspection-status"]', { hasText: '进行中' }).waitFor()
    await page.locator('[data-test="derived-certification_irregular"]', { hasText: '认证信息不规范' }).waitFor()
    assert.match(await page.locator('[data-test="derived-table"]').innerText(), /未标明主办单位名称/)
    await expectScore(90)
  })

  step('records 内容发布不当 twice with evidence and a screenshot', async () => {
    await page.locator('[data-test="record-improper_content"]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.waitFor()
    const count = field(dialog, 'fd-count')
    await count.fill('2')
    await count.press('Tab')
    await field(dialog, 'fd-evidence').fill('10月15日转发娱乐明星八卦两条')
    await field(dialog, 'fd-url').fill('https://weibo.com/zhangpu-sample/1015')
    await dialog.locator('input[type=file]').setInputFiles({ name: 'weibo-1015.png', mimeType: 'image/png', buffer: stripedPng() })
    await dialog.locator('.el-upload-list__item', { hasText: 'weibo-1015.png' }).waitFor()
    await shot('11-finding-dialog')
    await dialog.locator('[data-test="fd-submit"]').click()
    await dialog.waitFor({ state: 'hidden' })
    const row = page.locator('[data-test="findings-table"] .el-table__body tr', { has: page.locator('[data-test="finding-improper_content"]') })
    await row.waitFor()
    assert.match(await row.innerText(), /10月15日转发娱乐明星八卦两条/)
    // The thumbnail is the uploaded image, served by GET /api/screenshots/{id}.
    const img = row.locator('[data-test="screenshot-thumb"] img')
    await img.waitFor()
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle())
    assert.deepEqual(await img.evaluate((el) => [el.naturalWidth, el.naturalHeight]), [96, 64])
    assert.match(await img.getAttribute('src'), /^\/api\/screenshots\/\d+$/)
  })

  step('the result explains every point lost: 100 − 10 − 4 = 86', async () => {
    await expectScore(86)
    await page.locator('[data-test="result-verdict"]', { hasText: '合格' }).waitFor()
    const cert = (await deductionRow('certification_irregular').innerText()).replace(/\s+/g, ' ')
    assert.match(cert, /认证信息不规范/)
    assert.match(cert, /未标明主办单位名称/)
    assert.match(cert, /-10 \/ 10/)
    assert.match(cert, /自动/)
    const content = (await deductionRow('improper_content').innerText()).replace(/\s+/g, ' ')
    assert.match(content, /内容发布不当/)
    assert.match(content, /10月15日转发娱乐明星八卦两条/)
    assert.match(content, / 2 /)
    assert.match(content, /-4 \/ 10/)
    assert.match(content, /人工/)
    assert.match(await page.locator('[data-test="result-formula"]').innerText(), /100\s*−\s*10\s*−\s*4\s*=\s*86/)
    await shot('12-inspection-result')
  })

  step('核减 the derived finding needs a reason; the score becomes 96', async () => {
    await page.locator('[data-test="dismiss-certification_irregular"]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.waitFor()
    await dialog.locator('[data-test="dm-submit"]').click()
    await dialog.getByText('请填写核减理由').waitFor()
    await field(dialog, 'dm-reason').fill('认证主体为张浦镇政务服务中心，属主办单位')
    await dialog.locator('[data-test="dm-submit"]').click()
    await dialog.waitFor({ state: 'hidden' })
    await expectScore(96)
    await page.locator('[data-test="derived-dismissed"]').waitFor()
    assert.match(await page.locator('[data-test="derived-table"]').innerText(), /认证主体为张浦镇政务服务中心/)
    assert.equal(await page.locator('[data-test="deduction-certification_irregular"]').count(), 0)
    await page.locator('[data-test="restore-certification_irregular"]').waitFor()
  })

  step('closes the inspection after confirming; nothing can be recorded any more', async () => {
    await page.locator('[data-test="inspection-close"]').click()
    await page.locator('.el-message-box:visible').getByText('确定完成检查？').waitFor()
    await confirmMessageBox()
    await page.locator('[data-test="inspection-status"]', { hasText: '已完成' }).waitFor()
    await expectScore(96)
    assert.equal(await page.locator('[data-test^="record-"]').count(), 0)
    assert.equal(await page.locator('[data-test="inspection-close"]').count(), 0)
    await shot('13-inspection-closed')
  })

  step('the list, filtered to 已完成, shows the inspection as 合格 with 96', async () => {
    await menu().getByText('检查', { exact: true }).click()
    await page.waitForURL(/\/inspections$/)
    await pickOption(page.locator('[data-test="filter-status"]'), '已完成')
    await page.waitForURL(/status=closed/)
    const row = page.locator('[data-test="inspections-table"] .el-table__body tr', { hasText: ACCOUNT }).first()
    await row.waitFor()
    await row.locator('[data-verdict="qualified"]', { hasText: '合格' }).waitFor()
    const text = await row.innerText()
    assert.match(text, /抽查/)
    assert.match(text, /96/)
    assert.match(text, /已完成/)
    await shot('14-inspections-list')
  })

  step('the city office publishes version 2; the server’s 400 lands on the field it names', async () => {
    await logout()
    await login(ADMIN.username, ADMIN.password)
    await menu().getByText('指标体系').click()
    await page.waitForURL(/\/indicator-sets$/)
    await page.locator('[data-test="set-current"]').waitFor()
    await page.locator('[data-test="set-publish"]').click()
    await page.waitForURL(/\/indicator-sets\/new/)
    const points = field(page, 'si-improper_content-points')
    await points.fill('3')
    await points.press('Tab')
    await page.locator('[data-test="set-add-indicator"]').click()
    await field(page, 'si-new1-id').fill('原创 标注')
    await field(page, 'si-new1-name').fill('未标注原创来源')
    await field(page, 'set-note').fill('内容发布不当每起扣3分；新增未标注原创来源')
    await page.locator('[data-test="set-submit"]').click()
    await confirmMessageBox()
    // The server names body.inspection.indicators[18].id: the new row's id cell shows its message.
    const idError = page.locator('[data-test="si-new1-id-error"]')
    await idError.waitFor()
    assert.ok((await idError.innerText()).trim().length > 0)
    await page.locator('[data-test="set-error"]').waitFor()
    await shot('15-indicator-set-error')
    await field(page, 'si-new1-id').fill('original_unmarked')
    await page.locator('[data-test="set-submit"]').click()
    await confirmMessageBox()
    await page.waitForURL(/\/indicator-sets\/\d+$/)
    await page.getByText('第 2 版').first().waitFor()
    const att2 = await page.locator('[data-test="att2-deduction-table"]').innerText()
    assert.match(att2, /未标注原创来源/)
    assert.match(att2, /original_unmarked/)
    await shot('16-indicator-set-v2')
  })

  step('rescoring the closed inspection with version 2 is only a preview', async () => {
    await page.goto(inspectionUrl)
    await page.locator('[data-test="inspection-status"]', { hasText: '已完成' }).waitFor()
    await page.locator('[data-test="inspection-rescore"]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.waitFor()
    await dialog.locator('[data-test="rescore-preview-note"]', { hasText: '仅预览，不改变已完成的检查' }).waitFor()
    await pickOption(dialog.locator('[data-test="rs-version"]'), 'kunshan-2019 第 2 版（当前）.*')
    await dialog.locator('[data-test="rs-submit"]').click()
    const preview = dialog.locator('[data-test="rescore-preview"]')
    await preview.waitFor()
    // 100 − 2 × 3 (the dismissed derived finding stays dismissed).
    await expectScore(94, preview)
    assert.match(await preview.innerText(), /-6 \/ 10/)
    await shot('17-rescore-preview')
    await dialog.locator('.el-dialog__footer').getByText('关闭').click()
    await dialog.waitFor({ state: 'hidden' })
    await expectScore(96)
    assert.match(await page.locator('[data-test="inspection-set"]').innerText(), /第 1 版/)
  })

  step('the 2024 ranking lists every unit; 张浦镇 is vetoed while no quarterly check is recorded', async () => {
    await menu().getByText('年度考核').click()
    await page.waitForURL(/\/assessments/)
    await page.goto(`${h.baseUrl}/assessments?year=${YEAR}`)
    const row = page.locator('[data-test="assessments-table"] .el-table__body tr', { hasText: UNIT }).first()
    await row.waitFor()
    const text = await row.innerText()
    assert.match(text, /单项否决/)
    assert.match(text, /未按季度组织开展本地、本部门政务新媒体检查工作/)
    assert.ok((await page.locator('[data-test="assessments-table"] .el-table__body tr').count()) >= 50)
    await page.locator('[data-test="assessment-chart"] canvas').first().waitFor()
    await page.locator('[data-test="assessment-export"]').waitFor()
    assert.equal(await page.locator('[data-test="assessment-export"]').getAttribute('href'), `/api/assessments/export?year=${YEAR}`)
    await shot('18-assessments-ranking')
    // 我的报表: the same workbook built in the background by the node's worker (a report.build job).
    const reports = page.locator('[data-test="generated-reports"]')
    await reports.locator('[data-test="generated-report-start"]').click()
    const done = reports.locator('[data-test="generated-report-status"][data-status="done"]').first()
    await done.waitFor({ timeout: 30000 })
    const link = reports.locator('[data-test="generated-report-download"]').first()
    assert.equal(await link.innerText(), `assessment-${YEAR}.xlsx`)
    const href = await link.getAttribute('href')
    assert.match(href, /^\/api\/generated-reports\/\d+\/file$/)
    const file = await page.request.get(`${h.baseUrl}${href}`)
    assert.equal(file.status(), 200)
    assert.equal((await file.body()).subarray(0, 2).toString(), 'PK')
    await shot('18b-assessments-generated-report')
    await row.locator('a', { hasText: UNIT }).click()
    await page.waitForURL(new RegExp(`/assessments/\\d+\\?year=${YEAR}$`))
    await page.locator('[data-test="veto-veto.no_quarterly_inspection"]').waitFor()
  })

  step('entering the quarterly checks and reports gives 95 + 10 = 105, explained item by item', async () => {
    await page.locator('[data-test="in-override"]').click()
    for (let q = 0; q < 4; q++) {
      await page.locator(`[data-test="in-qi-${q}"]`).click()
      // Enter commits the number; Tab would move on into the row's date picker and open it.
      const cov = field(page, `in-qc-${q}`)
      await cov.fill('100')
      await cov.press('Enter')
    }
    const annual = field(page, 'in-annual')
    await annual.fill('100')
    await annual.press('Enter')
    // The second quarter's report comes two days late: 抽查检查 −5.
    const reports = [`${YEAR}-03-29`, `${YEAR}-07-02`, `${YEAR}-09-30`, `${YEAR}-12-20`]
    for (let q = 0; q < 4; q++) await fillDate(`in-qr-${q}`, reports[q])
    await page.locator('[data-test="inputs-save"]').click()
    await page.locator('[data-test="assessment-score"]', { hasText: '105' }).waitFor()
    await page.locator('[data-test="assessment-verdict"]', { hasText: '合格' }).waitFor()
    const item = await page.locator('[data-test="item-spot_check"]').innerText()
    assert.match(item, /抽查检查/)
    assert.match(item, /扣 5 分/)
    assert.match(item, /第二季度/)
    assert.match(await page.locator('[data-test="bonus-bonus.inspection_ratio"]').innerText(), /\+10/)
    assert.match(await page.locator('[data-test="assessment-result"]').innerText(), /100\s*−\s*5\s*=\s*95/)
    await shot('19-assessment-unit')
  })

  step('finalizing the year freezes the inputs; 张浦镇 ranks first with 105', async () => {
    await page.locator('[data-test="assessment-finalize"]').click()
    await confirmMessageBox()
    await page.locator('[data-test="assessment-final"]', { hasText: '已定稿' }).waitFor()
    assert.equal(await page.locator('[data-test="inputs-save"]').count(), 0)
    await page.getByText('返回排名').click()
    await page.waitForURL(/\/assessments\?year=/)
    const row = page.locator('[data-test="assessments-table"] .el-table__body tr', { hasText: UNIT }).first()
    await row.waitFor()
    const cells = (await row.innerText()).split(/\t|\n/).map((x) => x.trim()).filter(Boolean)
    assert.equal(cells[0], '1')
    assert.ok(cells.includes('105'))
    await page.locator('[data-test="assessment-final"]', { hasText: '已定稿' }).waitFor()
    assert.equal(await page.locator('[data-test="assessment-finalize"]').count(), 0)
    await shot('20-assessments-final')
  })
})
