// End-to-end test of the archive of posts (帖子存档) in the web console: the city office registers an
// account of 张浦镇 and an integration, which pushes an ordinary post (防汛) and one marked 绝密 (a
// `secret` term of the default lexicon). The duty officer (值班员) searches the archive for 绝密 and
// sees the one post with the hit in red, follows the alert's link to the archive, confirms the
// alert, and searches 防汛 to find the ordinary post with the query highlighted in yellow.
//
//   (cd tests/browser && npm ci) && node --test tests/browser/
//
// Env: see helpers.mjs (GOVMEDIA_BIN, GOVMEDIA_WEB, CHROMIUM_PATH).
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { Harness } from './helpers.mjs'

const ADMIN = { username: 'admin', password: 'browser-test-Pa55word', role: 'city_admin' }
const DUTY = { username: 'duty', password: 'duty-officer-Pa55word', role: 'duty_officer' }
const UNIT = '张浦镇'
const ACCOUNT = `张浦存档样本${process.pid}`
// The emoji (two UTF-16 units, one code point) before the second 防汛 checks that the match offsets
// are taken as code points; the tags check that the text is shown as text, not HTML.
const ORDINARY = '张浦镇开展防汛应急演练😀，<i>各村</i>做好防汛物资储备。'
const SECRET = '【张浦发布】😀 关于<b>会议纪要</b>的说明：该文件标注为绝密，请勿外传。'

const h = new Harness('govmedia-browser-archive-')
const { shot, field, step, login, logout } = h
let page
let token
let accountId

const menu = () => page.locator('[data-test="side-menu"]')
const postRows = () => page.locator('[data-test="posts-table"] .el-table__body tr.post-row')
const alertRow = () => page.locator('[data-test="alerts-table"] .el-table__body tr.alert-row', { hasText: ACCOUNT })

const api = (method, url, body) => h.api(method, url, body)

// The push API takes the bearer token only: no cookie, no CSRF token (sent from Node).
async function push(id, publishedAt, text) {
  const res = await fetch(`${h.baseUrl}/api/ingest/posts`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ posts: [{ account_id: accountId, id, published_at: publishedAt, text }] }),
  })
  const pushed = await res.json()
  assert.equal(res.status, 200, JSON.stringify(pushed))
  assert.equal(pushed.added, 1)
}

// Searches the archive through the search bar and waits for the answer to be shown.
async function searchFor(q) {
  const input = field(page, 'posts-filter-q')
  await input.fill(q)
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/posts' && r.request().method() === 'GET')
  await input.press('Enter')
  const res = await answered
  assert.equal(res.status(), 200, await res.text())
  await page.waitForURL((u) => u.pathname === '/posts' && u.searchParams.get('q') === q)
  await page.locator('[data-test="posts-table"] .el-loading-mask').waitFor({ state: 'hidden' }).catch(() => {})
  return res.json()
}

describe('archive of posts', { timeout: 180000 }, () => {
  before(async () => {
    await h.setup({ users: [ADMIN, DUTY] })
    page = h.page
  })

  after(h.teardown)

  step('the city office registers an account of 张浦镇 and an integration pushes two posts', async () => {
    await login(ADMIN.username, ADMIN.password)
    ;({ accountId, token } = await h.registerAccountWithFeed(UNIT, ACCOUNT, 'https://weibo.com/zhangpu-archive'))
    await push('zp-archive-1', '2026-11-20T09:00:00+08:00', ORDINARY)
    await push('zp-archive-2', '2026-11-20T10:00:00+08:00', SECRET)
  })

  step('the duty officer searches the archive for 绝密 and sees the one post with the hit in red', async () => {
    await logout()
    await login(DUTY.username, DUTY.password)
    await menu().getByText('帖子存档').click()
    await page.waitForURL(/\/posts$/)
    // With no query the archive lists the newest posts.
    await postRows().first().waitFor()
    const found = await searchFor('绝密')
    assert.equal(found.total, 1, JSON.stringify(found))
    await page.waitForFunction(() => document.querySelectorAll('[data-test="posts-table"] .el-table__body tr.post-row').length === 1)
    const row = postRows().first()
    assert.match(await row.innerText(), new RegExp(ACCOUNT))
    assert.match(await row.innerText(), new RegExp(UNIT))
    assert.match(await row.innerText(), /第1版\/共1版/)
    const text = row.locator('[data-test="post-text"]')
    assert.equal(await text.innerText(), SECRET)
    assert.equal(await text.locator('b').count(), 0)
    const hits = text.locator('mark.hit')
    // The rebuilt default lexicon (issue 10) marks 请勿外传 as well.
    assert.deepEqual(await hits.allInnerTexts(), ['绝密', '请勿外传'])
    const red = await hits.first().evaluate((el) => getComputedStyle(el).color)
    assert.equal(red, 'rgb(196, 86, 86)')
    const tags = row.locator('[data-test="post-hit"]')
    assert.equal(await tags.count(), 2)
    assert.equal(await tags.first().getAttribute('data-category'), 'secret')
    assert.match(await tags.first().innerText(), /泄密：绝密/)
    assert.equal(await row.locator('[data-test="post-deleted"]').count(), 0)
    await shot('40-archive-secret')
  })

  step('the alert links to the post in the archive, and is confirmed on the alerts page', async () => {
    await menu().getByText('告警处置').click()
    await page.waitForURL(/\/alerts$/)
    await alertRow().waitFor()
    await alertRow().locator('[data-test="alert-archive"]').click()
    await page.waitForURL((u) => u.pathname === '/posts' && u.searchParams.get('q') === '绝密' && u.searchParams.get('account_id') === String(accountId))
    await page.locator('[data-test="posts-filter-account"]', { hasText: ACCOUNT }).waitFor()
    assert.equal(await field(page, 'posts-filter-q').inputValue(), '绝密')
    await page.waitForFunction(() => document.querySelectorAll('[data-test="posts-table"] .el-table__body tr.post-row').length === 1)
    assert.equal(await postRows().first().locator('mark.hit').first().innerText(), '绝密')
    await menu().getByText('告警处置').click()
    await page.waitForURL(/\/alerts$/)
    await alertRow().locator('[data-test="alert-acknowledge"]').click()
    await page.locator('[data-test="alerts-table"]').getByText('暂无数据').waitFor()
    await menu().locator('[data-test="alerts-badge"]').waitFor({ state: 'detached' })
  })

  step('a search for 防汛 finds the ordinary post with both matches highlighted in yellow', async () => {
    await menu().getByText('帖子存档').click()
    await page.waitForURL(/\/posts$/)
    const found = await searchFor('防汛')
    assert.equal(found.total, 1, JSON.stringify(found))
    await page.waitForFunction(() => document.querySelectorAll('[data-test="posts-table"] .el-table__body tr.post-row').length === 1)
    const row = postRows().first()
    const text = row.locator('[data-test="post-text"]')
    assert.equal(await text.innerText(), ORDINARY)
    assert.equal(await text.locator('i').count(), 0)
    const marks = text.locator('mark.q')
    assert.equal(await marks.count(), 2)
    assert.deepEqual(await marks.allInnerTexts(), ['防汛', '防汛'])
    assert.equal(await text.locator('mark.hit').count(), 0)
    assert.equal(await row.locator('[data-test="post-hit"]').count(), 0)
    const yellow = await marks.first().evaluate((el) => getComputedStyle(el).backgroundColor)
    assert.equal(yellow, 'rgb(255, 243, 163)')
    await shot('41-archive-query')
  })
})
