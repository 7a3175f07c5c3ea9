// End-to-end test of the quarterly supervision loop (监管闭环) in the web console:
// - 张浦镇's operator starts the quarter's self-inspection (季度自查) of the unit's account, which
//   brings the unit to full coverage, and submits the quarterly report (季度报告) with an attachment;
// - the city office draws a spot-check round (抽查轮次, by count, with a fixed seed) and assigns its
//   accounts to the inspector;
// - the inspector records the round's inspections from 我的待检, reached from his home and returned to
//   after each inspection: 张浦镇's account gets a veto finding (不合格);
// - the office finishes the round, drafts the notice (通报) and publishes it; the print page shows it
//   as an official notice (red head, document number, title, the unqualified account with its
//   problem) and works without login; the XLSX export lists every result;
// - 张浦镇's operator answers the rectification (整改) the notice created; the office re-checks and
//   closes it.
//
//   (cd tests/browser && npm ci) && node --test tests/browser/supervision.test.mjs
//
// Env: see helpers.mjs (GOVMEDIA_BIN, GOVMEDIA_WEB, CHROMIUM_PATH).
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import ExcelJS from 'exceljs'
import { Harness, today } from './helpers.mjs'

const ADMIN = { username: 'admin', password: 'browser-test-Pa55word', role: 'city_admin' }
const INSPECTOR = { username: 'insp', password: 'inspector-Pa55word', role: 'inspector' }
const OPERATOR = { username: 'zp', password: 'operator-Pa55word', role: 'unit_operator', unit: '张浦镇' }
const UNIT = '张浦镇'
const OTHER_UNIT = '周市镇'
const ZP_ACCOUNT = `张浦发布${process.pid}`
const OTHER_ACCOUNT = `周市发布${process.pid}`
const SEED = 20241105
const YEAR = Number(today().slice(0, 4))
const DOC_NUMBER = `昆政办〔${YEAR}〕8号`
const VETO = 'veto.serious_error'
const VETO_NAME = '出现严重表述错误'
const EVIDENCE = '10月15日发布的通知中单位名称表述错误'

const h = new Harness('govmedia-browser-supervision-')
const { shot, pickOption, field, fillDate, step, login, logout, registerAccount, assertFits } = h
let page
let zpAccountId
let otherAccountId
let roundUrl
let noticeId

const menu = () => page.locator('[data-test="side-menu"]')
const tableRow = (table, has) => page.locator(`[data-test="${table}"] .el-table__body tr`, { has: page.locator(has) })
const itemRow = (accountId) => tableRow('round-items', `[data-test="item-account-${accountId}"]`)

async function openMenu(title, pathname) {
  await menu().getByText(title, { exact: true }).click()
  await page.waitForURL((u) => u.pathname === pathname)
}

async function confirmMessageBox() {
  const box = page.locator('.el-message-box:visible')
  await box.waitFor()
  await box.locator('.el-button--primary').click()
  await box.waitFor({ state: 'hidden' })
}

// A one-page PDF (the server takes documents and images, told by their first bytes).
function tinyPdf() {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>']
  let out = '%PDF-1.4\n'
  const offsets = objects.map((o, i) => {
    const at = out.length
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
    return at
  })
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

describe('supervision loop', { timeout: 300000 }, () => {
  before(async () => {
    await h.setup({ users: [ADMIN, INSPECTOR, OPERATOR] })
    page = h.page
  })

  after(h.teardown)

  step('the city office registers an open account of 张浦镇 and one of 周市镇', async () => {
    await login(ADMIN.username, ADMIN.password)
    zpAccountId = await registerAccount(UNIT, ZP_ACCOUNT, 'weibo', 'https://weibo.com/zhangpu-supervision')
    otherAccountId = await registerAccount(OTHER_UNIT, OTHER_ACCOUNT, 'wechat_subscription', 'https://mp.weixin.qq.com/zhoushi-supervision')
    // The menu gathers the loop's pages under 监管闭环.
    const group = page.locator('[data-test="menu-group-监管闭环"]')
    for (const title of ['季度自查', '季度报告', '抽查轮次', '通报', '整改']) await group.getByText(title, { exact: true }).waitFor()
  })

  step('张浦镇’s operator starts the quarter’s self-inspection; the unit reaches full coverage', async () => {
    await logout()
    await login(OPERATOR.username, OPERATOR.password)
    await openMenu('季度自查', '/self-inspections')
    // The operator sees the own unit only, opened on its accounts.
    // Unit rows are the expandable ones (the accounts are a table inside).
    const rows = page.locator('[data-test="self-table"] tr.el-table__row', { has: page.locator('.el-table__expand-icon') })
    await page.locator(`[data-test="self-start-${zpAccountId}"]`).waitFor()
    assert.equal(await rows.count(), 1)
    assert.match(await rows.first().innerText(), new RegExp(UNIT))
    await shot('60-self-inspections-todo')
    await page.locator(`[data-test="self-start-${zpAccountId}"]`).click()
    await page.waitForURL(/\/inspections\/\d+$/)
    assert.match(await page.locator('[data-test="inspection-kind"]').innerText(), /自查/)
    await openMenu('季度自查', '/self-inspections')
    await page.locator(`[data-test="self-open-${zpAccountId}"]`).waitFor()
    const unitRow = await rows.first().innerText()
    assert.match(unitRow, /100%（1\/1）/)
    assert.match(unitRow, /全覆盖/)
  })

  step('the operator writes the quarterly report, attaches a file and submits it', async () => {
    await openMenu('季度报告', '/reports')
    await page.locator('[data-test="report-form"]').waitFor()
    assert.match(await page.locator('[data-test="report-status"]').innerText(), /未报送/)
    assert.match(await page.locator('[data-test="report-due"]').innerText(), /^\d{4}-\d{2}-\d{2}$/)
    await field(page, 'report-checked').fill(`本季度对${ZP_ACCOUNT}开展自查 1 次，覆盖率 100%。`)
    await field(page, 'report-problems').fill('未发现问题。')
    await field(page, 'report-rectification').fill('无需整改。')
    await page.locator('[data-test="report-save"]').click()
    await page.locator('[data-test="report-status"]', { hasText: '草稿' }).waitFor()
    await page
      .locator('[data-test="report-upload"] input[type=file]')
      .setInputFiles({ name: '自查记录.pdf', mimeType: 'application/pdf', buffer: tinyPdf() })
    const attachment = page.locator('[data-test="report-attachment"]', { hasText: '自查记录.pdf' })
    await attachment.waitFor()
    assert.match(await attachment.locator('a').getAttribute('href'), /^\/api\/report-attachments\/\d+$/)
    // What was typed survives the upload.
    assert.equal(await field(page, 'report-problems').inputValue(), '未发现问题。')
    await page.locator('[data-test="report-submit"]').click()
    await confirmMessageBox()
    await page.locator('[data-test="report-status"]', { hasText: '已报送' }).waitFor()
    assert.equal(await page.locator('[data-test="report-submit"]').count(), 0)
    await shot('61-report-submitted')
  })

  step('the city office draws a spot-check round by count with a fixed seed', async () => {
    await logout()
    await login(ADMIN.username, ADMIN.password)
    // The office sees every unit's report; 张浦镇's is submitted.
    await openMenu('季度报告', '/reports')
    const reportRow = tableRow('reports-table', `text=${UNIT}`).first()
    await reportRow.locator('[data-value="submitted"]').waitFor()
    await openMenu('抽查轮次', '/spot-rounds')
    await page.locator('[data-test="round-new"]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.waitFor()
    assert.match(await field(dialog, 'nr-name').inputValue(), new RegExp(`^${YEAR}年第.季度政务新媒体抽查$`))
    await dialog.locator('[data-test="nr-method-count"]').click()
    const count = field(dialog, 'nr-count')
    await count.fill('2')
    await count.press('Tab')
    await field(dialog, 'nr-seed').fill(String(SEED))
    await shot('62-new-round')
    await dialog.locator('[data-test="nr-submit"]').click()
    await page.waitForURL(/\/spot-rounds\/\d+$/)
    roundUrl = page.url()
    await page.locator('[data-test="round-status"]', { hasText: '进行中' }).waitFor()
    assert.equal((await page.locator('[data-test="round-seed"]').innerText()).trim(), String(SEED))
    // Two strata (one account each): both accounts are drawn; 张浦镇's is added by hand otherwise.
    await page.locator('[data-test="round-strata"] .el-table__body tr').first().waitFor()
    if ((await itemRow(zpAccountId).count()) === 0) {
      await page.locator('[data-test="add-account"]').click()
      await page.keyboard.type(ZP_ACCOUNT)
      await page.locator('.el-select-dropdown__item:visible', { hasText: ZP_ACCOUNT }).first().click()
      await page.locator('[data-test="add-account-submit"]').click()
      await itemRow(zpAccountId).locator('[data-value="manual"]').waitFor()
    }
    await itemRow(zpAccountId).waitFor()
  })

  step('the office assigns every drawn account to the inspector', async () => {
    await page.locator('[data-test="round-items"] .el-table__header .el-checkbox').click()
    await pickOption(page.locator('[data-test="assign-inspector"]'), 'insp（检查员）')
    await page.locator('[data-test="assign-submit"]').click()
    await itemRow(zpAccountId).locator('[data-test="item-inspector"]', { hasText: INSPECTOR.username }).waitFor()
    const inspectors = await page.locator('[data-test="round-items"] [data-test="item-inspector"]').allInnerTexts()
    assert.ok(inspectors.length >= 2, inspectors.join(','))
    assert.ok(inspectors.every((x) => x.trim() === INSPECTOR.username), inspectors.join(','))
    await shot('63-round-assigned')
  })

  step('the inspector works through 我的待检 from his home: each completed inspection returns to the list', async () => {
    await logout()
    await login(INSPECTOR.username, INSPECTOR.password)
    // His home's 我的任务 names the assigned accounts and leads to 我的待检.
    const tasks = page.locator('[data-test="my-tasks"] [data-test="my-task"][data-kind="inspection"]')
    await tasks.first().waitFor()
    const assigned = await tasks.count()
    assert.ok(assigned >= 2, `${assigned} tasks`)
    await shot('62b-inspector-home')
    await tasks.filter({ hasText: ZP_ACCOUNT }).click()
    await page.waitForURL((u) => u.pathname === '/my-inspections')
    const table = page.locator('[data-test="my-inspections-table"]')
    await page.locator(`[data-test="mine-open-${zpAccountId}"]`).waitFor()
    const pendingAtStart = await page.locator('[data-test^="mine-open-"]').count()
    assert.equal(pendingAtStart, assigned)
    assert.match(await table.innerText(), new RegExp(`${ZP_ACCOUNT}[\\s\\S]*${UNIT}[\\s\\S]*未开始`))
    await shot('62c-my-inspections')
    for (const [width, height] of [[1280, 900], [390, 844]]) {
      await assertFits(width, height)
      await shot(`62c-my-inspections-${width}`)
    }
    await page.setViewportSize({ width: 1440, height: 900 })

    // 张浦镇's account: a veto finding; completing it returns to 我的待检 without that account.
    await page.locator(`[data-test="mine-open-${zpAccountId}"]`).click()
    await page.waitForURL(/\/inspections\/\d+\?from=my-inspections$/)
    await page.locator('[data-test="inspection-status"]', { hasText: '进行中' }).waitFor()
    assert.match(await page.locator('[data-test="inspection-kind"]').innerText(), /抽查/)
    await page.locator('[data-test="inspection-back-mine"]').waitFor()
    await page.locator(`[data-test="record-${VETO}"]`).click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.waitFor()
    await field(dialog, 'fd-evidence').fill(EVIDENCE)
    await dialog.locator('[data-test="fd-submit"]').click()
    await dialog.waitFor({ state: 'hidden' })
    await page.locator('[data-test="result-verdict"]', { hasText: '不合格' }).waitFor()
    await page.locator('[data-test="inspection-close"]').click()
    await confirmMessageBox()
    await page.waitForURL((u) => u.pathname === '/my-inspections')
    await page.locator('[data-test="my-inspections-summary"]', { hasText: `待检 ${pendingAtStart - 1} 个账号，本轮已完成 1 个` }).waitFor()
    assert.equal(await page.locator(`[data-test="mine-open-${zpAccountId}"]`).count(), 0)

    // The rest, one after another, each time back on the list; the round cannot finish before.
    for (let left = pendingAtStart - 1; left > 0; left--) {
      await page.locator('[data-test^="mine-open-"]').first().click()
      await page.waitForURL(/from=my-inspections$/)
      await page.locator('[data-test="inspection-status"]', { hasText: '进行中' }).waitFor()
      await page.locator('[data-test="inspection-close"]').click()
      await confirmMessageBox()
      await page.waitForURL((u) => u.pathname === '/my-inspections')
      await page.locator('[data-test="my-inspections-summary"]', { hasText: `待检 ${left - 1} 个账号` }).waitFor()
    }
    await table.getByText('没有待检的账号').waitFor()
    await shot('62d-my-inspections-done')

    // The round page shows every item inspected; the inspector may not assign.
    await page.goto(roundUrl)
    await itemRow(zpAccountId).locator('[data-verdict="unqualified"]').waitFor()
    assert.equal(await page.locator('[data-test^="item-record-"]').count(), 0)
    assert.equal(await page.locator('[data-test="assign-submit"]').count(), 0)
  })

  step('the office finishes the round; the results show by unit and by platform', async () => {
    await logout()
    await login(ADMIN.username, ADMIN.password)
    await page.goto(roundUrl)
    await page.locator('[data-test="round-progress"]', { hasText: /(\d+) \/ \1/ }).waitFor()
    await page.locator('[data-test="round-finish"]').click()
    await confirmMessageBox()
    await page.locator('[data-test="round-status"]', { hasText: '已完成' }).waitFor()
    const summary = await page.locator('[data-test="round-rate"]').innerText()
    assert.match(summary, /已检查 \d+ 个，合格 \d+ 个，合格率 \d+(\.\d)?%/)
    const byUnit = tableRow('round-by-unit', `text=${UNIT}`).first()
    assert.match((await byUnit.innerText()).replace(/\s+/g, ' '), /张浦镇 1 0 0%/)
    await page.locator('[data-test="round-platform-chart"] canvas').first().waitFor()
    await shot('64-round-finished')
  })

  step('the office drafts the notice and publishes it', async () => {
    await page.locator('[data-test="round-notice"]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.waitFor()
    assert.match(await field(dialog, 'nd-title').inputValue(), /^关于\d{4}年第.季度全市政务新媒体抽查情况的通报$/)
    await field(dialog, 'nd-doc_number').fill(DOC_NUMBER)
    await dialog.locator('[data-test="nd-submit"]').click()
    await page.waitForURL(/\/notices\/\d+$/)
    noticeId = Number(new URL(page.url()).pathname.split('/').pop())
    await page.locator('[data-test="notice-status"]', { hasText: '草稿' }).waitFor()
    assert.match(await page.locator('[data-test="notice-doc"]').innerText(), new RegExp(ZP_ACCOUNT))
    // A draft is not public.
    assert.equal((await fetch(`${h.baseUrl}/api/public/notices/${noticeId}`)).status, 404)
    await fillDate('notice-publish-date', today())
    await page.locator('[data-test="notice-publish"]').click()
    await confirmMessageBox()
    await page.locator('[data-test="notice-status"]', { hasText: '已发布' }).waitFor()
    assert.equal(await page.locator('[data-test="notice-publish"]').count(), 0)
    const [y, m, d] = today().split('-').map(Number)
    assert.equal((await page.locator('[data-test="notice-date"]').innerText()).trim(), `${y}年${m}月${d}日`)
  })

  step('the print page lays the notice out as an official document', async () => {
    await page.goto(`${h.baseUrl}/print/notices/${noticeId}`)
    const sheet = page.locator('[data-test="print-notice"]')
    await sheet.waitFor()
    const head = sheet.locator('[data-test="notice-issuer"]')
    assert.equal((await head.innerText()).trim(), '昆山市人民政府办公室')
    const style = await head.evaluate((el) => {
      const s = getComputedStyle(el)
      return { color: s.color, size: parseFloat(s.fontSize), align: s.textAlign }
    })
    assert.equal(style.color, 'rgb(230, 0, 18)')
    assert.ok(style.size >= 36, `red head font size ${style.size}px`)
    assert.equal(style.align, 'center')
    assert.equal((await sheet.locator('[data-test="notice-doc-number"]').innerText()).trim(), DOC_NUMBER)
    assert.match(await sheet.locator('[data-test="notice-title"]').innerText(), /全市政务新媒体抽查情况的通报/)
    assert.match(await sheet.locator('[data-test="notice-summary"]').innerText(), /本次共抽查账号\d+个，合格\d+个，不合格\d+个，合格率/)
    const unit = sheet.locator('[data-test="notice-unit"]', { hasText: UNIT })
    const unitText = await unit.innerText()
    assert.match(unitText, new RegExp(`“${ZP_ACCOUNT}”（微博），单项否决，判定为不合格`))
    assert.match(unitText, new RegExp(`${VETO_NAME}（${EVIDENCE}）`))
    assert.match(await sheet.locator('[data-test="notice-results"]').innerText(), new RegExp(OTHER_ACCOUNT))
    await sheet.locator('[data-test="notice-signature-issuer"]', { hasText: '昆山市人民政府办公室' }).waitFor()
    // The sheet is A4 wide (210 mm at 96 dpi).
    const width = await sheet.evaluate((el) => el.getBoundingClientRect().width)
    assert.ok(Math.abs(width - (210 / 25.4) * 96) < 2, `sheet width ${width}`)
    await shot('65-notice-print')
    // Printed, the toolbar and the grey desk are gone.
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.locator('[data-test="print-button"]').isVisible(), false)
    await page.emulateMedia({ media: 'screen' })
  })

  step('the published notice prints without login', async () => {
    const res = await fetch(`${h.baseUrl}/api/public/notices/${noticeId}`)
    assert.equal(res.status, 200)
    assert.equal((await res.json()).doc_number, DOC_NUMBER)
    assert.equal((await fetch(`${h.baseUrl}/api/notices/${noticeId}`)).status, 401)
    const context = await h.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    try {
      const anon = await context.newPage()
      await anon.goto(`${h.baseUrl}/print/notices/${noticeId}`)
      const sheet = anon.locator('[data-test="print-notice"]')
      await sheet.waitFor({ timeout: 15000 })
      assert.equal(new URL(anon.url()).pathname, `/print/notices/${noticeId}`)
      assert.match(await sheet.innerText(), new RegExp(ZP_ACCOUNT))
      assert.equal(await anon.locator('[data-test="print-export"]').count(), 0)
    } finally {
      await context.close()
    }
  })

  step('the XLSX export lists every result, the unqualified account with its problem', async () => {
    const file = await page.evaluate(async (url) => {
      const res = await fetch(url)
      const bytes = new Uint8Array(await res.arrayBuffer())
      let bin = ''
      for (const b of bytes) bin += String.fromCharCode(b)
      return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), base64: btoa(bin) }
    }, `/api/notices/${noticeId}/export`)
    assert.equal(file.status, 200)
    assert.match(file.type, /spreadsheetml/)
    assert.match(file.disposition, /^attachment/)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(file.base64, 'base64'))
    const sheet = book.worksheets[0]
    const rows = []
    sheet.eachRow((row) => rows.push(row.values.slice(1).map((v) => (v && typeof v === 'object' && 'richText' in v ? v.richText.map((t) => t.text).join('') : v))))
    const headerAt = rows.findIndex((r) => r[0] === '序号')
    assert.ok(headerAt >= 0, JSON.stringify(rows.slice(0, 3)))
    assert.deepEqual(rows[headerAt], ['序号', '单位', '账号', '平台', '结论', '得分', '问题'])
    const data = rows.slice(headerAt + 1)
    assert.equal(data.length, 2, JSON.stringify(data))
    const zp = data.find((r) => r[2] === ZP_ACCOUNT)
    assert.ok(zp, JSON.stringify(data))
    assert.equal(zp[1], UNIT)
    assert.equal(zp[3], '微博')
    assert.equal(zp[4], '不合格')
    assert.match(String(zp[6]), new RegExp(VETO_NAME))
    assert.ok(data.some((r) => r[2] === OTHER_ACCOUNT && r[1] === OTHER_UNIT))
  })

  step('张浦镇’s operator answers the rectification the notice created', async () => {
    await page.goto(`${h.baseUrl}/`)
    await logout()
    await login(OPERATOR.username, OPERATOR.password)
    await openMenu('整改', '/rectifications')
    const row = tableRow('rect-table', `[data-test="rect-account-${zpAccountId}"]`).filter({ hasText: VETO_NAME }).first()
    await row.waitFor()
    await row.locator('[data-value="open"]', { hasText: '待整改' }).waitFor()
    assert.match(await row.innerText(), new RegExp(EVIDENCE))
    await page.locator('[data-test="count-open"]', { hasText: /^\s*1\s*待整改/ }).waitFor()
    await row.locator('[data-test^="rect-answer-"]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.waitFor()
    await dialog.locator('[data-test="ra-submit"]').click()
    await dialog.getByText('请填写整改情况').waitFor()
    await field(dialog, 'ra-answer').fill('已更正通知中的单位名称，并加强发布前三审。')
    await field(dialog, 'ra-evidence_url').fill('https://weibo.com/zhangpu-supervision/correction')
    // Evidence images: a PDF named like a PNG passes the browser's check by its name but the server
    // reads its first bytes and refuses it with the reason; nothing is answered.
    const picker = dialog.locator('[data-test="ra-images-pick"] input[type=file]')
    await picker.setInputFiles({ name: '截图.png', mimeType: 'image/png', buffer: tinyPdf() })
    await dialog.locator('[data-test="ra-submit"]').click()
    await dialog.getByText(/只接受 PNG、JPEG 或 WebP 图片（截图\.png 不是）/).first().waitFor()
    assert.ok(await dialog.isVisible())
    await shot('65-rectification-image-refused')
    const refused = dialog.locator('.el-upload-list__item').first()
    await refused.hover()
    await refused.locator('.el-icon--close').click()
    await dialog.locator('.el-upload-list__item').waitFor({ state: 'detached' })
    await dialog.locator('.el-form-item__error', { hasText: '只接受' }).waitFor({ state: 'detached' })
    // Two real images: a screenshot as PNG and a photo as JPEG.
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: 480, height: 300 } })
    const jpeg = await page.screenshot({ type: 'jpeg', quality: 70, clip: { x: 200, y: 100, width: 400, height: 300 } })
    await picker.setInputFiles([
      { name: '更正后页面.png', mimeType: 'image/png', buffer: png },
      { name: '三审记录.jpg', mimeType: 'image/jpeg', buffer: jpeg },
    ])
    await dialog.locator('.el-upload-list__item').nth(1).waitFor()
    // The form on a phone: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 })
    await page.waitForFunction(() => document.querySelector('.el-dialog:not([style*="display: none"])')?.getBoundingClientRect().width <= window.innerWidth)
    await shot('65b-rectification-answer-390')
    await page.setViewportSize({ width: 1440, height: 900 })
    await dialog.locator('[data-test="ra-submit"]').click()
    await dialog.waitFor({ state: 'hidden' })
    await row.locator('[data-value="answered"]', { hasText: '待复查' }).waitFor()
    assert.equal(await row.locator('[data-test^="rect-answer-"]').count(), 0)
    // The detail shows both as thumbnails; one opens the full image.
    await row.locator('.el-table__expand-icon').click()
    const thumbs = page.locator('[data-test^="rect-images-"] [data-test="evidence-thumb"]')
    await thumbs.nth(1).waitFor()
    assert.equal(await thumbs.count(), 2)
    await page.waitForFunction(() => [...document.querySelectorAll('[data-test="evidence-thumb"] img')].every((i) => i.complete && i.naturalWidth > 100))
    await shot('66-rectification-answered')
    await thumbs.first().locator('img').click()
    const viewer = page.locator('.el-image-viewer__wrapper')
    await viewer.waitFor()
    const full = await viewer.locator('img.el-image-viewer__img').first()
    await page.waitForFunction((el) => el.complete && el.naturalWidth >= 480, await full.elementHandle())
    await shot('66b-rectification-image-full')
    await page.keyboard.press('Escape')
    await viewer.waitFor({ state: 'detached' })
  })

  step('the office re-checks the answer and closes the rectification', async () => {
    await logout()
    await login(ADMIN.username, ADMIN.password)
    await openMenu('整改', '/rectifications')
    const row = tableRow('rect-table', `[data-test="rect-account-${zpAccountId}"]`).filter({ hasText: VETO_NAME }).first()
    await row.locator('[data-value="answered"]').waitFor()
    await row.locator('[data-test^="rect-review-"]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.waitFor()
    assert.match(await dialog.innerText(), /已更正通知中的单位名称/)
    // The office sees the unit's images while re-checking.
    assert.equal(await dialog.locator('[data-test="rr-images"] [data-test="evidence-thumb"]').count(), 2)
    // Returning needs a note.
    await dialog.locator('[data-test="rr-return"]').click()
    await dialog.getByText('退回时请填写复查意见').waitFor()
    await field(dialog, 'rr-note').fill('经复查，已整改到位。')
    await dialog.locator('[data-test="rr-close"]').click()
    await dialog.waitFor({ state: 'hidden' })
    await row.locator('[data-test="rect-status"]', { hasText: '已关闭' }).waitFor()
    await page.locator('[data-test="count-closed"]', { hasText: /^\s*1\s*已关闭/ }).waitFor()
    await row.locator('.el-table__expand-icon').click()
    assert.match(await page.locator('[data-test="rect-table"]').innerText(), /经复查，已整改到位。/)
    await shot('67-rectification-closed')
  })

  step("the town's assessment names the records behind its deductions", async () => {
    const units = await h.api('GET', '/api/units?page_size=500')
    const zp = units.data.find((u) => u.name === '张浦镇')
    const year = new Date(Date.now() + 8 * 3600 * 1000).getUTCFullYear()
    await page.goto(`${h.baseUrl}/assessments/${zp.id}?year=${year}`)
    const records = page.locator('[data-test="assessment-records"]')
    await records.waitFor()
    // The quarters before this one have no report: each is a record of the late-report line.
    const text = await records.innerText()
    assert.match(text, /未于本季度最后1日前报送/)
    assert.match(text, /第一季度报告未报送/)
    await shot('68-assessment-records')
  })

  step('张浦镇’s operator closes the account with a screenshot of the closure notice instead of a link', async () => {
    await logout()
    await login(OPERATOR.username, OPERATOR.password)
    await page.goto(`${h.baseUrl}/accounts/${zpAccountId}`)
    await page.locator('[data-test="action-close"]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.waitFor()
    await field(dialog, 'filing-reason').fill('并入张浦融媒中心账号')
    await fillDate('filing-closure_notice_on', today())
    // Neither a link nor a screenshot: the form says what is missing.
    await dialog.locator('[data-test="filing-submit"]').click()
    await dialog.getByText('关停须填写停更公告链接或上传停更公告截图').waitFor()
    const notice = await page.screenshot({ clip: { x: 0, y: 0, width: 360, height: 240 } })
    await dialog.locator('[data-test="filing-closure-images"] input[type=file]').setInputFiles({ name: '停更公告.png', mimeType: 'image/png', buffer: notice })
    await dialog.locator('.el-upload-list__item').waitFor()
    await dialog.getByText('关停须填写停更公告链接或上传停更公告截图').waitFor({ state: 'detached' })
    // The form on a phone and on a laptop: the dialog and every field in it within the screen.
    for (const [width, height] of [[390, 844], [1280, 900]]) {
      await page.setViewportSize({ width, height })
      await page.waitForFunction(
        (d) => [d, ...d.querySelectorAll('*')].every((e) => e.getBoundingClientRect().right <= window.innerWidth + 0.5),
        await dialog.elementHandle(),
      )
      await shot(`69a-close-filing-${width}`)
    }
    await page.setViewportSize({ width: 1440, height: 900 })
    await dialog.locator('[data-test="filing-submit"]').click()
    await dialog.waitFor({ state: 'hidden' })
    const images = page.locator('[data-test="closure-notice-images"] [data-test="evidence-thumb"]')
    await images.first().waitFor()
    assert.equal(await images.count(), 1)
    await page.waitForFunction(() => {
      const i = document.querySelector('[data-test="closure-notice-images"] img')
      return i && i.complete && i.naturalWidth > 100
    })
    await shot('69-closure-notice-screenshot')
    // The image comes back with a session and not without one (another unit's operator gets 404:
    // tests/http/evidence_images_test.cc).
    const src = await images.first().locator('img').getAttribute('src')
    assert.equal((await h.api('GET', src)).status, 200)
    assert.equal((await fetch(`${h.baseUrl}${src}`)).status, 401)
  })
})
