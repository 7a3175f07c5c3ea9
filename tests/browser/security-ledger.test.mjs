// End-to-end test of the security ledger (安全台账, issue 13 item 1): a town's operator sees the
// ledger's warnings on the home page, fills the ledger on the account page (a password typed
// where its storage place belongs is refused at that box), a change filing takes the custodian
// off the account's staff and the handover warning appears on the account and the home page; the
// handover without a password change is refused at the checkbox, with it the warning goes. The
// unit's emergency plan clears its warnings; the city office sees the bound phone masked and
// reveals it. Screenshots at 1440, 1280 and 390 px.
//
//   (cd tests/browser && npm ci) && node --test tests/browser/security-ledger.test.mjs
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { Harness, today } from './helpers.mjs'

const ADMIN = { username: 'admin', password: 'browser-test-Pa55word', role: 'city_admin' }
const ZP = { username: 'zpop', password: 'zhangpu-operator-Pa55', role: 'unit_operator', unit: '张浦镇' }
const ACCOUNT = `张浦安全${process.pid}`

const h = new Harness('govmedia-browser-security-ledger-')
const { shot, field, step, login, logout, fillDate } = h
let page
let accountId

const card = () => page.locator('[data-test="security-card"]')
const ledgerDialog = () => page.locator('[data-test="security-dialog"]')
const handoverDialog = () => page.locator('[data-test="handover-dialog"]')
const tasks = async () => (await h.api('GET', '/api/my-tasks')).data.items.map((t) => t.title)

// Every element of the open dialog stays within the screen's width.
async function fitsScreen(dialog) {
  const width = page.viewportSize().width
  const over = await dialog.evaluate((d, w) => {
    const out = []
    for (const el of d.querySelectorAll('*')) {
      const r = el.getBoundingClientRect()
      if (r.width > 0 && (r.right > w + 1 || r.left < -1)) out.push(`${el.tagName}.${el.className}`)
    }
    return out.slice(0, 5)
  }, width)
  assert.deepEqual(over, [], `elements outside the ${width} px screen`)
}

describe('security ledger', { timeout: 240000 }, () => {
  before(async () => {
    await h.setup({ users: [ADMIN, ZP] })
    page = h.page
  })

  after(h.teardown)

  step('the office registers the town account; its operator has the ledger to fill on the home page', async () => {
    await login(ADMIN.username, ADMIN.password)
    accountId = await h.registerAccount('张浦镇', ACCOUNT, 'weibo', 'https://weibo.com/zhangpu-security')
    await logout()
    await login(ZP.username, ZP.password)
    const titles = await tasks()
    for (const t of ['登记账号密码保管人', '开启账号双重验证', '更换账号密码', '上传账号安全应急预案']) assert.ok(titles.includes(t), `${t} not in ${titles}`)
    await page.locator('body', { hasText: '登记账号密码保管人' }).waitFor()
    await shot('s1-home-ledger-empty-1440')
  })

  step('the operator fills the ledger; a password as the storage place is refused at its box', async () => {
    await page.goto(`${h.baseUrl}/accounts/${accountId}?tab=security`)
    await card().locator('[data-test="security-warning-security_no_custodian"]').waitFor()
    await card().locator('[data-test="security-edit"]').click()
    await ledgerDialog().waitFor()
    await ledgerDialog().locator('[data-test="ledger-two-factor"]').click()
    await fillDate('ledger-last-change', today())
    await field(ledgerDialog(), 'ledger-phone').fill('13912345678')
    await field(ledgerDialog(), 'ledger-email').fill('xcb@zp.gov.cn')
    await ledgerDialog().locator('[data-test="ledger-add-custodian"]').click()
    await field(ledgerDialog(), 'ledger-custodian-name-0').fill('李小编')
    await field(ledgerDialog(), 'ledger-custodian-role-0').fill('编辑')
    await field(ledgerDialog(), 'ledger-custodian-storage-0').fill('Zp@2024weibo')
    await ledgerDialog().locator('[data-test="ledger-add-device"]').click()
    await field(ledgerDialog(), 'ledger-device-name-0').fill('运营手机（华为 Mate40）')
    await page.locator('[data-test="ledger-save"]').click()
    await ledgerDialog().locator('.el-form-item__error', { hasText: '不能填写密码本身' }).waitFor()
    await shot('s2-ledger-password-refused-1440')
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width < 768 ? 844 : 900 })
      await fitsScreen(ledgerDialog())
      await shot(`s2-ledger-dialog-${width}`)
    }
    await page.setViewportSize({ width: 1440, height: 900 })
    await field(ledgerDialog(), 'ledger-custodian-storage-0').fill('张浦镇党政办 2 号保险柜密封信封')
    await page.locator('[data-test="ledger-save"]').click()
    await ledgerDialog().waitFor({ state: 'hidden' })
    await card().locator('[data-test="security-custodians"]', { hasText: '李小编' }).waitFor()
    assert.equal(await card().locator('.el-alert').count(), 0, await card().innerText())
    const described = card().locator('[data-test="security-descriptions"]')
    await described.filter({ hasText: '13912345678' }).waitFor()
    assert.match(await described.innerText(), /双重验证\s*已开启/)
    const titles = await tasks()
    assert.ok(!titles.includes('登记账号密码保管人') && !titles.includes('更换账号密码'), String(titles))
    await shot('s3-ledger-filled-1440')
  })

  step('a change filing takes the custodian off the staff: the handover is due on the account and the home page', async () => {
    const filed = await h.api('POST', `/api/accounts/${accountId}/filings`, {
      kind: 'change',
      event_on: today(),
      reason: '人员调整',
      changes: { staff: [{ name: '赵新编', title: '科员', phone: '13900006789' }] },
    })
    assert.equal(filed.status, 201, JSON.stringify(filed.data))
    await page.goto(`${h.baseUrl}/`)
    const task = page.getByText(`登记「${ACCOUNT}」的账号交接`)
    await task.waitFor()
    for (const width of [1440, 1280]) {
      await page.setViewportSize({ width, height: 900 })
      await shot(`s4-home-handover-due-${width}`)
    }
    await page.setViewportSize({ width: 390, height: 844 })
    await shot('s4-home-handover-due-390')
    await page.setViewportSize({ width: 1440, height: 900 })
    await task.click()
    await page.waitForURL(new RegExp(`/accounts/${accountId}\\?tab=security`))
    await card().locator('[data-test="security-warning-security_handover_missing"]', { hasText: '李小编' }).waitFor()
    await card().locator('[data-test^="custodian-left-"]').waitFor()
  })

  step('a handover without a password change is refused at the checkbox; with it the warning goes', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await card().locator('[data-test^="security-handover-for-"]').click()
    await handoverDialog().waitFor()
    await field(handoverDialog(), 'handover-to-name').fill('赵新编')
    await field(handoverDialog(), 'handover-to-role').fill('科员')
    await field(handoverDialog(), 'handover-storage').fill('张浦镇党政办 2 号保险柜密封信封（已换新）')
    await page.locator('[data-test="handover-submit"]').click()
    await handoverDialog().locator('.el-form-item__error', { hasText: '交接时必须修改账号密码' }).waitFor()
    await fitsScreen(handoverDialog())
    await shot('s5-handover-refused-390')
    await handoverDialog().locator('[data-test="handover-password-changed"]').click()
    await page.locator('[data-test="handover-submit"]').click()
    await handoverDialog().waitFor({ state: 'hidden' })
    await card().locator('[data-test="security-handovers"]', { hasText: '李小编 → 赵新编' }).waitFor()
    assert.equal(await card().locator('[data-test="security-warning-security_handover_missing"]').count(), 0)
    assert.equal(await card().locator('.el-alert').count(), 0, await card().innerText())
    assert.match(await card().locator('[data-test="security-rotation"]').innerText(), new RegExp(`最近修改 ${today()}`))
    await shot('s6-handover-done-390')
    await page.setViewportSize({ width: 1280, height: 900 })
    await shot('s6-handover-done-1280')
    await page.setViewportSize({ width: 1440, height: 900 })
    await shot('s6-handover-done-1440')
    assert.ok(!(await tasks()).includes(`登记「${ACCOUNT}」的账号交接`))
  })

  step('the unit records its emergency plan and drill; the reminders go', async () => {
    await page.goto(`${h.baseUrl}/security/plan`)
    await page.locator('[data-test="plan-warning-security_no_plan"]').waitFor()
    await field(page, 'plan-reference').fill('张政办〔2024〕12号 张浦镇政务新媒体账号安全应急预案')
    await fillDate('plan-drill-date', today())
    await field(page, 'plan-contact-name').fill('周值班')
    await field(page, 'plan-contact-phone-input').fill('13700001111')
    await page.locator('[data-test="plan-save"]').click()
    await page.locator('[data-test="plan-drill"]', { hasText: today() }).waitFor()
    assert.equal(await page.locator('[data-test^="plan-warning-"]').count(), 0)
    for (const width of [1440, 1280]) {
      await page.setViewportSize({ width, height: 900 })
      await shot(`s7-plan-${width}`)
    }
    await page.setViewportSize({ width: 390, height: 844 })
    await shot('s7-plan-390')
    await page.setViewportSize({ width: 1440, height: 900 })
    const titles = await tasks()
    assert.ok(!titles.includes('上传账号安全应急预案') && !titles.includes('开展账号安全应急演练'), String(titles))
    await logout()
  })

  step('the city office sees the bound phone masked and reveals it (audited); the warnings overview', async () => {
    await login(ADMIN.username, ADMIN.password)
    await page.goto(`${h.baseUrl}/accounts/${accountId}?tab=security`)
    await card().locator('[data-test="security-descriptions"]', { hasText: '139****5678' }).waitFor()
    await card().locator('[data-test="security-reveal"]').click()
    await card().locator('[data-test="security-descriptions"]', { hasText: '13912345678' }).waitFor()
    const audit = await h.api('GET', '/api/audit?action=security.contacts_view')
    assert.equal(audit.status, 200)
    assert.ok(JSON.stringify(audit.data).includes('security.contacts_view'))
    assert.ok(!JSON.stringify(audit.data).includes('13912345678'), 'the audit log holds the bound phone')
    // Another account of the town, its ledger not yet filled: counted for the office.
    const second = await h.registerAccount('张浦镇', `${ACCOUNT}二号`, 'douyin', 'https://www.douyin.com/zhangpu-security')
    await page.goto(`${h.baseUrl}/security`)
    await page.locator(`[data-test="security-account-${second}"]`).first().waitFor()
    assert.equal(await page.locator('[data-test="security-count-accounts"]').innerText(), '1')
    assert.equal(await page.locator('[data-test="security-count-security_no_custodian"]').innerText(), '1')
    assert.equal(await page.locator(`[data-test="security-account-${accountId}"]`).count(), 0)
    for (const width of [1440, 1280]) {
      await page.setViewportSize({ width, height: 900 })
      await shot(`s8-security-overview-${width}`)
    }
    await page.setViewportSize({ width: 390, height: 844 })
    await shot('s8-security-overview-390')
    await page.setViewportSize({ width: 1440, height: 900 })
  })
})
