// End-to-end test of the approved source units (稿源单位, issue 12 item 6): the city office adds
// 新华社 with an alias and its website under 互动回应 → 稿源单位 (a bad domain is refused at its box),
// a town account reposts from 新华网 and from a source not on the list, and only the latter waits
// under 告警处置 → 待研判 with a note naming it; an approval that has run out shows 已过期; a unit
// operator reads the list without editing it. Screenshots at 1440, 1280 and 390 px.
//
//   (cd tests/browser && npm ci) && node --test tests/browser/approved-sources.test.mjs
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { Harness } from './helpers.mjs'

const ADMIN = { username: 'admin', password: 'browser-test-Pa55word', role: 'city_admin' }
const ZP = { username: 'zpop', password: 'zhangpu-operator-Pa55', role: 'unit_operator', unit: '张浦镇' }
const ACCOUNT = `张浦发布稿源${process.pid}`
const UNLISTED = '张浦镇开展秋季消防演练，居民踊跃参加。（来源：某某生活资讯）'
const LISTED = '国务院常务会议部署稳就业工作。来源丨新华网'

const h = new Harness('govmedia-browser-sources-')
const { shot, field, step, login, logout, fillDate, assertFits } = h
let page
let accountId
let token

const menu = () => page.locator('[data-test="side-menu"]')
const rows = () => page.locator('[data-test="sources-table"] .el-table__body tr')
const dialog = () => page.locator('[data-test="source-dialog"]')

async function push(id, text) {
  const res = await fetch(`${h.baseUrl}/api/ingest/posts`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ posts: [{ account_id: accountId, id, published_at: '2025-03-10T09:00:00+08:00', text }] }),
  })
  const pushed = await res.json()
  assert.equal(res.status, 200, JSON.stringify(pushed))
  assert.equal(pushed.added, 1)
}

describe('approved source units', { timeout: 180000 }, () => {
  before(async () => {
    await h.setup({ users: [ADMIN, ZP] })
    page = h.page
  })

  after(h.teardown)

  step('the city office adds 新华社 with an alias and its website; a bad domain is named at its box', async () => {
    await login(ADMIN.username, ADMIN.password)
    ;({ accountId, token } = await h.registerAccountWithFeed('张浦镇', ACCOUNT, 'https://weibo.com/zhangpu-sources'))
    await menu().getByText('稿源单位').click()
    await page.waitForURL(/\/interaction\/sources$/)
    await page.locator('[data-test="sources-table"]').getByText('名单中还没有稿源单位').waitFor()
    await page.locator('[data-test="sources-add"]').click()
    await dialog().waitFor()
    await field(dialog(), 'source-f-name').fill('新华社')
    await field(dialog(), 'source-f-aliases').fill('新华网\n新华社客户端')
    await field(dialog(), 'source-f-domains').fill('新华网站')
    await page.locator('[data-test="source-save"]').click()
    await dialog().locator('.el-form-item__error', { hasText: '应为网站域名' }).waitFor()
    await shot('95-sources-domain-error')
    await field(dialog(), 'source-f-domains').fill('https://www.news.cn/\nxinhuanet.com')
    await fillDate('source-f-valid_from', '2020-01-01')
    await field(dialog(), 'source-f-note').fill('中央新闻单位')
    await page.locator('[data-test="source-save"]').click()
    await dialog().waitFor({ state: 'hidden' })
    const row = rows().filter({ hasText: '新华社' })
    await row.waitFor()
    assert.match(await row.innerText(), /别名：新华网、新华社客户端/)
    assert.match(await row.innerText(), /news\.cn/)  // the link kept as its domain
    assert.match(await row.innerText(), /有效/)
  })

  step('a repost from a source not on the list waits under 待研判 with its note; the alias is approved', async () => {
    await push('zp-src-1', UNLISTED)
    await push('zp-src-2', LISTED)
    await page.goto(`${h.baseUrl}/alerts?tab=review`)
    const table = page.locator('[data-test="review-hits-table"]')
    const hit = table.locator('.el-table__body tr', { hasText: '某某生活资讯' }).first()
    await hit.waitFor()
    assert.match(await hit.innerText(), /转载来源「某某生活资讯」不在稿源单位名单中/)
    assert.match(await hit.innerText(), new RegExp(ACCOUNT))
    assert.equal(await table.locator('.el-table__body tr', { hasText: '新华网' }).count(), 0)
    await hit.click()
    const detail = page.locator('[data-test^="review-detail-"]').first()
    await detail.waitFor()
    assert.deepEqual(await detail.locator('mark.hit').allInnerTexts(), ['来源：某某生活资讯'])
    assert.match(await detail.innerText(), /内容发布不当/)
    await shot('96-sources-review-hit')
  })

  step('an approval that has run out shows 已过期, and the list fits 1440, 1280 and 390 px', async () => {
    await menu().getByText('稿源单位').click()
    await page.waitForURL(/\/interaction\/sources$/)
    await page.locator('[data-test="sources-add"]').click()
    await dialog().waitFor()
    await field(dialog(), 'source-f-name').fill('某某晚报')
    await fillDate('source-f-valid_from', '2019-01-01')
    await fillDate('source-f-valid_to', '2023-12-31')
    await page.locator('[data-test="source-save"]').click()
    await dialog().waitFor({ state: 'hidden' })
    const expired = rows().filter({ hasText: '某某晚报' })
    await expired.waitFor()
    assert.match(await expired.innerText(), /已过期/)
    for (const width of [1440, 1280]) {
      await page.setViewportSize({ width, height: 900 })
      // The table lays itself out again after the resize: wait for it rather than measure at once.
      const fits = await page
        .waitForFunction(
          () => {
            const w = document.querySelector('[data-test="sources-table"] .el-table__body-wrapper .el-scrollbar__wrap')
            return w && w.scrollWidth <= w.clientWidth + 1
          },
          null,
          { timeout: 5000 },
        )
        .then(() => true, () => false)
      assert.ok(fits, `the sources table scrolls sideways at ${width} px`)
      await shot(`97-sources-${width}`)
    }
    await assertFits(390)
    await shot('97-sources-390')
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  step('the city office removes an entry after confirming', async () => {
    const row = rows().filter({ hasText: '某某晚报' })
    await row.locator('[data-test^="source-delete-"]').click()
    const box = page.locator('.el-message-box:visible')
    await box.waitFor()
    assert.match(await box.innerText(), /某某晚报/)
    await box.locator('.el-button--primary').click()
    await page.locator('.el-message--success', { hasText: '已删除 某某晚报' }).waitFor()
    await rows().filter({ hasText: '某某晚报' }).waitFor({ state: 'detached' })
  })

  step('an account that publishes news records its licence in the form; an expired one is a registry warning', async () => {
    await page.goto(`${h.baseUrl}/accounts/${accountId}/edit`)
    await page.locator('[data-test="account-form"]').waitFor()
    assert.equal(await page.locator('[data-test="f-news_license_number"]').count(), 0)  // only once the switch is on
    await page.locator('[data-test="f-publishes_news"]').click()
    await field(page, 'f-news_license_number').fill('32120190001')
    await field(page, 'f-news_license_holder').fill('张浦镇人民政府')
    await fillDate('f-news_license_valid_to', '2024-12-31')
    await page.locator('[data-test="f-news_license_number"]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${import.meta.dirname}/out/99-account-news-licence-form.png` })
    await page.locator('[data-test="account-submit"]').click()
    await page.waitForURL(new RegExp(`/accounts/${accountId}$`))
    const warning = page.locator('[data-test="warning-news_license_expired"]')
    await warning.waitFor()
    assert.match(await warning.innerText(), /有效期至 2024-12-31，已过期/)
    assert.match(await page.locator('[data-test="account-news-license"]').innerText(), /许可证 32120190001，持证单位 张浦镇人民政府，有效期至 2024-12-31/)
    await shot('99-account-news-licence-detail')
    await page.goto(`${h.baseUrl}/accounts?warning=true`)
    await page.locator('[data-test="accounts-table"]').getByText(ACCOUNT).waitFor()
  })

  step('a unit operator reads the list but cannot change it', async () => {
    await logout()
    await login(ZP.username, ZP.password)
    await menu().getByText('稿源单位').click()
    await page.waitForURL(/\/interaction\/sources$/)
    await rows().filter({ hasText: '新华社' }).waitFor()
    assert.equal(await page.locator('[data-test="sources-add"]').count(), 0)
    assert.equal(await page.locator('[data-test^="source-edit-"]').count(), 0)
    assert.equal(await page.locator('[data-test="sources-review-link"]').count(), 0)
    await shot('98-sources-unit-operator')
  })
})
