// End-to-end test of fake engagement found (数据造假): posts of 张浦镇's account come in with their
// counts; one post's likes were bought (thousands of likes with the reposts and comments of an
// ordinary day). The inspector runs the detector, reads the evidence, confirms it with a reason, and
// the account's next inspection is scored as the veto (购买"粉丝"、强制点赞等弄虚作假). The account
// page charts the counts with the post marked.
//
//   (cd tests/browser && npm ci) && node --test tests/browser/engagement.test.mjs
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { Harness } from './helpers.mjs'

const ADMIN = { username: 'admin', password: 'browser-test-Pa55word', role: 'city_admin' }
const INSP = { username: 'insp', password: 'inspector-Pa55word', role: 'inspector' }
const ACCOUNT = `张浦发布数据${process.pid}`
const REASON = '平台后台显示该帖点赞集中来自 3 分钟内注册的新账号'

const h = new Harness('govmedia-browser-engagement-')
const { shot, field, step, login, logout, assertFits } = h
let page
let accountId
let token

// An instant `days` days and `hours` hours ago, in Beijing time.
function ago(days, hours = 0) {
  const t = new Date(Date.now() - days * 86400000 - hours * 3600000 + 8 * 3600000)
  return `${t.toISOString().slice(0, 19)}+08:00`
}

describe('fake engagement', { timeout: 180000 }, () => {
  before(async () => {
    await h.setup({ users: [ADMIN, INSP] })
    page = h.page
  })

  after(h.teardown)

  step('thirty ordinary posts and one with bought likes come in with their counts', async () => {
    await login(ADMIN.username, ADMIN.password)
    ;({ accountId, token } = await h.registerAccountWithFeed('张浦镇', ACCOUNT, 'https://weibo.com/zhangpu-engagement'))
    const posts = []
    for (let i = 0; i < 30; i++) {
      posts.push({
        account_id: accountId,
        id: `h${i}`,
        published_at: ago(25 - Math.floor(i / 2), 2 + (i % 2) * 5),
        text: `张浦镇工作动态第 ${i} 期`,
        metrics: { reads: 2000 + 37 * i, likes: 120 + ((i * 17) % 80), reposts: 12 + (i % 9), comments: 6 + (i % 5) },
      })
    }
    posts.push({
      account_id: accountId,
      id: 'bought',
      published_at: ago(3),
      text: '张浦镇召开秋季消防安全会议',
      metrics: { reads: 3100, likes: 30000, reposts: 15, comments: 8 },
    })
    const res = await fetch(`${h.baseUrl}/api/ingest/posts`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ posts }),
    })
    assert.equal(res.status, 200, await res.text())
    await logout()
  })

  step('the inspector runs the detector and confirms the purchase with a reason', async () => {
    await page.setViewportSize({ width: 1440, height: 900 })
    await login(INSP.username, INSP.password)
    await page.goto(`${h.baseUrl}/security/engagement`)
    const table = page.locator('[data-test="eng-table"]')
    await table.waitFor()
    await page.locator('[data-test="eng-detect"]').click()
    const row = table.locator('.el-table__body tr', { hasText: ACCOUNT })
    await row.waitFor()
    assert.match(await row.locator('[data-test="eng-summary"]').innerText(), /点赞数 30000/)
    await page.locator('[data-test="eng-counts"] [data-test="count-open"]', { hasText: '1' }).waitFor()
    await shot('110-engagement-list-1440')
    await row.getByRole('button', { name: '核实' }).click()
    const dialog = page.locator('[data-test="eng-dialog"]')
    await dialog.waitFor()
    assert.match(await dialog.innerText(), /稳健 z/)
    // A confirmation needs its grounds.
    await dialog.locator('[data-test="eng-confirm"]').click()
    await dialog.locator('.el-form-item__error', { hasText: '依据' }).waitFor()
    await field(dialog, 'eng-reason').fill(REASON)
    await shot('111-engagement-confirm-1440')
    await dialog.locator('[data-test="eng-confirm"]').click()
    await dialog.waitFor({ state: 'hidden' })
    await row.locator('[data-test="eng-status"][data-status="confirmed"]').waitFor()
    await page.setViewportSize({ width: 1280, height: 800 })
    await shot('112-engagement-list-1280')
    await assertFits(390)
    await shot('113-engagement-list-390')
  })

  step("the account's next inspection is the veto, with the evidence and the reason", async () => {
    await page.setViewportSize({ width: 1440, height: 900 })
    const made = await h.api('POST', '/api/inspections', { account_id: accountId, kind: 'city', monitoring_time: ago(0) })
    assert.equal(made.status, 201, JSON.stringify(made.data))
    await page.goto(`${h.baseUrl}/inspections/${made.data.id}`)
    await page.locator('[data-test="veto-veto.fake_engagement"]').waitFor()
    assert.equal((await page.locator('[data-test="result-score"]').innerText()).trim(), '单项否决')
    assert.match(await page.locator('[data-test="derived-table"]').innerText(), /新账号/)
    await shot('114-engagement-inspection-1440')
  })

  step('the account page charts the counts with the purchase marked', async () => {
    await page.goto(`${h.baseUrl}/accounts/${accountId}`)
    const card = page.locator('[data-test="engagement-card"]')
    await card.waitFor()
    assert.match(await card.innerText(), /已确认 1 个/)
    await card.locator('[data-test="engagement-posts"] canvas').waitFor()
    await card.scrollIntoViewIfNeeded()
    await shot('115-engagement-account-1440')
    await logout()
  })
})
