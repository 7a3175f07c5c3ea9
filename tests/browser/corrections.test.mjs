// End-to-end test of the public correction entry (纠错入口, contracts/public-corrections.md): a
// netizen on a phone files a correction without an account (the proof of work runs in a worker),
// keeps the ticket and code, and follows it; the unit's operator sees it under 网民纠错 with the
// contact, accepts and answers it; the netizen reads the answer on the status page.
//
//   (cd tests/browser && npm ci) && node --test tests/browser/corrections.test.mjs
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { Harness, today } from './helpers.mjs'

const ADMIN = { username: 'admin', password: 'browser-test-Pa55word', role: 'city_admin' }
const ZP = { username: 'zpop', password: 'zhangpu-operator-Pa55', role: 'unit_operator', unit: '张浦镇' }
const ACCOUNT = `张浦发布纠错${process.pid}`
const DESCRIPTION = '11月20日发布的《冬季供暖通知》中，咨询电话写成了0512-5745123，少了一位数字。'
const ANSWER = '感谢您的指正！咨询电话应为 0512-57451234，原文已更正。'

const h = new Harness('govmedia-browser-corrections-')
const { shot, field, step, login, logout, assertFits } = h
let page
let ticket
let code

describe('public corrections', { timeout: 180000 }, () => {
  before(async () => {
    await h.setup({ users: [ADMIN, ZP] })
    page = h.page
  })

  after(h.teardown)

  step('the city office registers an account of 张浦镇', async () => {
    await login(ADMIN.username, ADMIN.password)
    await h.registerAccount('张浦镇', ACCOUNT, 'weibo', 'https://weibo.com/zhangpu-corrections')
    await logout()
  })

  step('a netizen on a phone files a correction without logging in and gets a ticket and a code', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${h.baseUrl}/corrections`)
    const form = page.locator('[data-test="correction-form"]')
    await form.waitFor()
    // The submit button waits for the form's challenge.
    await page.locator('[data-test="correction-submit"]:not(.is-disabled)').waitFor()
    await h.pickOption(page.locator('[data-test="correction-account"]'), ACCOUNT).catch(async () => {
      // The option's text holds the unit too: pick by the account's name.
      await page.locator('.el-select-dropdown__item:visible', { hasText: ACCOUNT }).first().click()
    })
    await field(page, 'correction-description').fill(DESCRIPTION)
    await field(page, 'correction-contact').fill('138 1234 5678')
    await shot('90-corrections-form-390')
    await page.locator('[data-test="correction-submit"]').click()
    const receipt = page.locator('[data-test="correction-receipt"]')
    await receipt.waitFor({ timeout: 30000 })
    ticket = (await page.locator('[data-test="receipt-ticket"]').innerText()).trim()
    code = (await page.locator('[data-test="receipt-code"]').innerText()).trim()
    assert.match(ticket, /^JC\d{8}-\d{4}$/)
    assert.ok(code.length >= 8, code)
    // No horizontal scrolling on a phone.
    await assertFits(390)
    await shot('91-corrections-receipt-390')
    await page.locator('[data-test="receipt-follow"]').click()
    const status = page.locator('[data-test="status-status"]')
    await status.waitFor()
    assert.equal(await status.getAttribute('data-status'), 'submitted')
    assert.match(await page.locator('[data-test="status-result"]').innerText(), /张浦镇/)
  })

  step('a wrong code finds nothing', async () => {
    await page.goto(`${h.baseUrl}/corrections?ticket=${ticket}&code=WRONG12345`)
    await page.locator('[data-test="status-error"]', { hasText: '查询码不正确' }).waitFor()
  })

  step('the unit operator sees the correction with the contact, accepts and answers it from the Q&A library', async () => {
    await page.setViewportSize({ width: 1440, height: 900 })
    await login(ZP.username, ZP.password)
    // The town's library holds the answer to this question (entered through 咨询答问库).
    await page.locator('[data-test="side-menu"]').getByText('咨询答问库').click()
    await page.waitForURL(/\/interaction\/qa/)
    await page.locator('[data-test="qa-add"]').click()
    const qa = page.locator('[data-test="qa-dialog"]')
    await qa.waitFor()
    await field(qa, 'qa-question').fill('冬季供暖通知的咨询电话是多少？')
    await field(qa, 'qa-answer').fill(ANSWER)
    await field(qa, 'qa-policy-title').fill('昆山市冬季供暖管理办法')
    await qa.locator('[data-test="qa-save"]').click()
    await qa.waitFor({ state: 'hidden' })
    await page.locator('[data-test="qa-table"] .el-table__body tr', { hasText: '冬季供暖通知的咨询电话' }).waitFor()
    await shot('96-qa-library-1440')
    await page.locator('[data-test="side-menu"]').getByText('网民纠错').click()
    await page.waitForURL(/\/interaction\/corrections/)
    const table = page.locator('[data-test="corr-table"]')
    const row = table.locator('.el-table__body tr', { hasText: ticket })
    await row.waitFor()
    assert.match(await row.innerText(), /待受理|已提交/)
    await shot('92-corrections-list-1440')
    await row.getByRole('button', { name: '办理' }).click()
    const dialog = page.locator('[data-test="corr-dialog"]')
    await dialog.waitFor()
    assert.equal((await dialog.locator('[data-test="corr-contact"]').innerText()).trim(), '13812345678')
    assert.match(await dialog.locator('[data-test="corr-description"]').innerText(), /少了一位数字/)
    await dialog.locator('[data-test="corr-accept"]').click()
    await dialog.locator('[data-test="corr-submit-answer"]').waitFor()
    // The library's entry is suggested; using it fills the answer and records the use.
    const suggestion = dialog.locator('[data-test="corr-suggestions"]', { hasText: '冬季供暖通知的咨询电话' })
    await suggestion.waitFor()
    await suggestion.locator('[data-test="corr-use-suggestion"]').first().click()
    assert.equal(await field(dialog, 'corr-answer').inputValue(), ANSWER)
    await shot('93-corrections-answer-1440')
    await dialog.locator('[data-test="corr-submit-answer"]').click()
    await dialog.waitFor({ state: 'hidden' })
    await table.locator('.el-table__body tr', { hasText: ticket }).locator('[data-status="answered"]').waitFor()
    // The count cards add up: one answered.
    await page.locator('[data-test="corr-counts"] [data-test="count-answered"]', { hasText: '1' }).waitFor()
    const entries = await h.api('GET', '/api/qa-entries')
    assert.equal(entries.data.items[0].used_count, 1)
    await page.setViewportSize({ width: 1280, height: 800 })
    await shot('94-corrections-list-1280')
    const fits = await page
      .waitForFunction(
        () => {
          const w = document.querySelector('[data-test="corr-table"] .el-table__body-wrapper .el-scrollbar__wrap')
          return w && w.scrollWidth <= w.clientWidth + 1
        },
        null,
        { timeout: 5000 },
      )
      .then(() => true, () => false)
    assert.ok(fits, 'the corrections table scrolls sideways at 1280 px')
    await logout()
  })

  step('the netizen reads the answer on the status page', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${h.baseUrl}/corrections?ticket=${ticket}&code=${code}`)
    const status = page.locator('[data-test="status-status"]')
    await status.waitFor()
    assert.equal(await status.getAttribute('data-status'), 'answered')
    assert.equal((await page.locator('[data-test="status-answer"]').innerText()).trim(), ANSWER)
    // The netizen's contact is nowhere on the public page.
    assert.doesNotMatch(await page.locator('body').innerText(), /13812345678/)
    await shot('95-corrections-answered-390')
  })

  step('the city office asks 张浦镇 to repost an article and sees it not yet published', async () => {
    await page.setViewportSize({ width: 1440, height: 900 })
    await login(ADMIN.username, ADMIN.password)
    await page.locator('[data-test="side-menu"]').getByText('联动发声').click()
    await page.waitForURL(/\/interaction\/reposts/)
    await page.locator('[data-test="repost-add"]').click()
    const dialog = page.locator('[data-test="repost-dialog"]')
    await dialog.waitFor()
    await field(dialog, 'repost-title').fill('关于开展冬季消防安全大检查的通知')
    await field(dialog, 'repost-url').fill('https://www.ks.gov.cn/xxgk/2026/1130.html')
    await h.pickOption(dialog.locator('[data-test="repost-units"]'), '张浦镇')
    await page.keyboard.press('Escape')
    await h.fillDate('repost-due', today())
    await dialog.locator('[data-test="repost-save"]').click()
    await dialog.waitFor({ state: 'hidden' })
    const row = page.locator('[data-test="repost-table"] .el-table__body tr', { hasText: '冬季消防安全大检查' }).first()
    await row.waitFor()
    assert.match(await row.locator('[data-test="repost-progress"]').innerText(), /0 \/ 1/)
    await row.locator('.el-table__expand-icon').click()
    await page.locator('[data-test="repost-target-status"][data-status="pending"]').first().waitFor()
    await shot('97-reposts-1440')
    await page.setViewportSize({ width: 1280, height: 800 })
    await shot('98-reposts-1280')
  })
})
