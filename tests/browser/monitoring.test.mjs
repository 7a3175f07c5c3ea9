// End-to-end test of the monitoring pages of the web console. The city office:
// - gives an account of 张浦镇 a service URL (功能地址) on the loopback discard port, which refuses
//   connections;
// - publishes lexicon version 2 (词库管理) with a new `improper` term and an allow phrase, after the
//   server's 400 for a malformed line has been shown at the word list; a post pushed afterwards is
//   archived with the new term highlighted, and the term inside the allow phrase is not — the
//   scanner took the new version without a restart; a comment under the post is listed under 留言
//   with its author and the post it replies to;
// - sees on 更新监测 the account whose last post is 8 days old at level 预警 under the thresholds
//   “预警阈值：7 天、10 天；14 天单项否决”;
// - publishes a version with a term a post of three days ago holds, rescans the last week (重新扫描存档)
//   and sees the background job find it: one new hit, one new alert;
// - presses 立即检查 on 可用性监测 and sees the refused URL as 异常 (then 不可用 once the monitoring
//   settings count one failure as enough), with the state change in the row's events.
//
//   (cd tests/browser && npm ci) && node --test tests/browser/monitoring.test.mjs
//
// Env: see helpers.mjs (GOVMEDIA_BIN, GOVMEDIA_WEB, CHROMIUM_PATH).
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { Harness } from './helpers.mjs'

const ADMIN = { username: 'admin', password: 'browser-test-Pa55word', role: 'city_admin' }
const UNIT = '张浦镇'
const FRESH = `张浦监测活跃${process.pid}`
const SILENT = `张浦监测停更${process.pid}`
// Port 9 (discard) on the loopback: nothing listens, the connection is refused at once.
const DEAD_URL = 'http://127.0.0.1:9/'
const TERM = '测试违规词'
const ALLOW = `反对${TERM}`
const POST_TEXT = `【张浦发布】本周通报：个别账号出现${TERM}，请各单位${ALLOW}。`
const OLD_TERM = '测试有害旧词'

const h = new Harness('govmedia-browser-monitoring-')
const { shot, field, step, login } = h
let page
let token
let freshId
let silentId

const menu = () => page.locator('[data-test="side-menu"]')
const api = (method, url, body) => h.api(method, url, body)
const formError = (dataTest) =>
  page.locator('.el-form-item', { has: page.locator(`[data-test="${dataTest}"]`) }).locator('.el-form-item__error')

// The push API takes the bearer token only (sent from Node). `list` is posts or comments.
async function pushItem(list, item) {
  const res = await fetch(`${h.baseUrl}/api/ingest/${list}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ [list]: [item] }),
  })
  const pushed = await res.json()
  assert.equal(res.status, 200, JSON.stringify(pushed))
  assert.equal(pushed.added, 1, JSON.stringify(pushed))
}

const push = (accountId, id, publishedAt, text) => pushItem('posts', { account_id: accountId, id, published_at: publishedAt, text })

const daysAgo = (d) => new Date(Date.now() - d * 86400000).toISOString().replace(/\.\d{3}Z$/, 'Z')

// Clicks a menu entry and waits for the page's first answer from the server.
async function openPage(title, pathname, apiPath) {
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === apiPath && r.request().method() === 'GET')
  await menu().getByText(title, { exact: true }).click()
  await page.waitForURL((u) => u.pathname === pathname)
  const res = await answered
  assert.equal(res.status(), 200, await res.text())
  return res.json()
}

describe('monitoring', { timeout: 240000 }, () => {
  before(async () => {
    await h.setup({ users: [ADMIN] })
    page = h.page
  })

  after(h.teardown)

  step('the city office registers two accounts and gives one a service URL that refuses connections', async () => {
    await login(ADMIN.username, ADMIN.password)
    ;({ accountId: freshId, token } = await h.registerAccountWithFeed(UNIT, FRESH, 'https://weibo.com/zhangpu-monitoring'))
    const units = (await api('GET', '/api/units?page_size=500')).data
    const unit = (Array.isArray(units) ? units : units.items).find((u) => u.name === UNIT)
    const silent = await api('POST', '/api/accounts', {
      registration: 'existing',
      unit_id: unit.id,
      name: SILENT,
      platform: 'douyin',
      url: 'https://www.douyin.com/zhangpu-monitoring',
      opened_on: '2020-01-02',
    })
    assert.equal(silent.status, 201, JSON.stringify(silent.data))
    silentId = silent.data.id

    // The service URL is entered in the account form, one URL a line.
    await page.goto(`${h.baseUrl}/accounts/${freshId}/edit`)
    const urls = field(page, 'f-service_urls')
    await urls.waitFor()
    await urls.fill(`${DEAD_URL}\n`)
    await page.locator('[data-test="account-submit"]').click()
    await page.waitForURL((u) => u.pathname === `/accounts/${freshId}`)
    await page.locator('[data-test="account-service-url"]', { hasText: DEAD_URL }).waitFor()
    const saved = await api('GET', `/api/accounts/${freshId}`)
    assert.deepEqual((saved.data.account || saved.data).service_urls, [DEAD_URL])
  })

  step('词库管理 lists the built-in version 1 as active; the editor starts from it', async () => {
    const list = await openPage('词库管理', '/lexicons', '/api/lexicons')
    assert.equal(list.active_version, 1, JSON.stringify(list))
    const rows = page.locator('[data-test="lexicons-table"] .el-table__body tr.lexicon-row')
    await rows.first().waitFor()
    assert.equal(await rows.count(), 1)
    assert.match(await rows.first().innerText(), /第 1 版\s*当前/)
    await page.locator('[data-test="lexicon-publish"]').click()
    await page.waitForURL((u) => u.pathname === '/lexicons/new')
    const tsv = field(page, 'lexicon-tsv-input')
    await page.waitForFunction((el) => el.value.includes('secret\t绝密'), await tsv.elementHandle())
    // The categories of version 1 come with the indicators they count under.
    const improper = page.locator('[data-test="lexicon-indicator-improper"]')
    await improper.waitFor()
    assert.match(await improper.innerText(), /内容发布不当/)
    assert.match(await page.locator('[data-test="lexicon-indicator-secret"]').innerText(), /泄露国家秘密/)
  })

  step('a malformed line is refused by the server; the message lands at the word list, which selects the line', async () => {
    // Typed at the end of the list (Tab in the list types the column separator); the list is
    // 2,000 lines long, so it is not filled anew.
    const tsv = field(page, 'lexicon-tsv-input')
    const original = await tsv.inputValue()
    const base = original.replace(/\n*$/, '\n')
    await tsv.click()
    await tsv.press('Control+End')
    if (!original.endsWith('\n')) await tsv.press('Enter')
    await page.keyboard.type('Bad-Cat')
    await page.keyboard.press('Tab')
    await page.keyboard.type('坏类别')
    assert.equal(await tsv.inputValue(), `${base}Bad-Cat\t坏类别`)
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/lexicons' && r.request().method() === 'POST')
    await page.locator('[data-test="lexicon-submit"]').click()
    const res = await answered
    assert.equal(res.status(), 400, await res.text())
    assert.equal((await res.json()).error.field, 'terms_tsv')
    await formError('lexicon-tsv-input').waitFor()
    // The message names the line (the contract says “第 N 行”; the server says “line N”), and the
    // editor selects that line.
    assert.match(await formError('lexicon-tsv-input').innerText(), /第 \d+ 行/)
    await page.waitForFunction((el) => el.value.slice(el.selectionStart, el.selectionEnd) === 'Bad-Cat\t坏类别', await tsv.elementHandle())
    assert.equal(page.url(), `${h.baseUrl}/lexicons/new`)
    await shot('50-lexicon-error')
    // Typing over the selected line puts the new term in its place; then an allow phrase.
    await page.keyboard.type('improper')
    await page.keyboard.press('Tab')
    await page.keyboard.type(TERM)
    assert.equal(await tsv.inputValue(), `${base}improper\t${TERM}`)
    await page.locator('[data-test="lexicon-diff"]', { hasText: '新增 1 条、删除 0 条' }).waitFor()
    const allow = field(page, 'lexicon-allow-input')
    const allowed = await allow.inputValue()
    await allow.fill(allowed ? `${allowed}\n${ALLOW}` : ALLOW)
    await field(page, 'lexicon-note').fill(`新增不当内容词“${TERM}”及放行短语`)
  })

  step('publishing makes version 2 active at once', async () => {
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/lexicons' && r.request().method() === 'POST')
    await page.locator('[data-test="lexicon-submit"]').click()
    const res = await answered
    const created = await res.json()
    assert.equal(res.status(), 201, JSON.stringify(created))
    assert.equal(created.version, 2)
    assert.ok(created.allow.includes(ALLOW), JSON.stringify(created.allow))
    await page.waitForURL((u) => u.pathname === '/lexicons')
    const rows = page.locator('[data-test="lexicons-table"] .el-table__body tr.lexicon-row')
    await page.waitForFunction(() => document.querySelectorAll('[data-test="lexicons-table"] .el-table__body tr.lexicon-row').length === 2)
    const v2 = rows.filter({ has: page.locator('[data-test="lexicon-version-2"]') })
    await v2.locator('[data-test="lexicon-active"]').waitFor()
    assert.equal(await rows.filter({ has: page.locator('[data-test="lexicon-version-1"]') }).locator('[data-test="lexicon-active"]').count(), 0)
    assert.match(await v2.innerText(), new RegExp(TERM))
    await shot('51-lexicon-v2')
    // The version page shows the category table, the allow list and the word list.
    await v2.locator('[data-test="lexicon-version-2"]').click()
    await page.waitForURL((u) => u.pathname === '/lexicons/2')
    await page.locator('[data-test="lexicon-allow"]', { hasText: ALLOW }).waitFor()
    assert.match(await field(page, 'lexicon-tsv').inputValue(), new RegExp(`improper\t${TERM}`))
    const improperRow = page.locator('[data-test="lexicon-categories"] .el-table__body tr.lexicon-cat-improper')
    // The count is the default lexicon's improper terms plus the one added here.
    const tsvText = await field(page, 'lexicon-tsv').inputValue()
    const improperTerms = tsvText.split('\n').filter((l) => l.startsWith('improper\t')).length
    assert.match(await improperRow.innerText(), new RegExp(`不当内容[\\s\\S]*内容发布不当[\\s\\S]*improper_content[\\s\\S]*扣分\\s+${improperTerms}\\b`))
    await shot('52-lexicon-v2-detail')
  })

  step('a post pushed now is scanned with version 2: the new term is highlighted, the allowed phrase is not', async () => {
    await push(freshId, 'zp-monitoring-1', daysAgo(0.01), POST_TEXT)
    await openPage('帖子存档', '/posts', '/api/posts')
    const q = field(page, 'posts-filter-q')
    await q.fill(TERM)
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/posts')
    await q.press('Enter')
    const found = await (await answered).json()
    assert.equal(found.total, 1, JSON.stringify(found))
    const row = page.locator('[data-test="posts-table"] .el-table__body tr.post-row').first()
    await row.locator('mark.hit').first().waitFor()
    assert.equal(await row.locator('[data-test="post-text"]').innerText(), POST_TEXT)
    assert.deepEqual(await row.locator('mark.hit').allInnerTexts(), [TERM])
    const tag = row.locator('[data-test="post-hit"]')
    assert.equal(await tag.count(), 1)
    assert.equal(await tag.getAttribute('data-category'), 'improper')
    assert.match(await tag.innerText(), new RegExp(`不当内容：${TERM}`))
    await shot('53-archive-new-term')
  })

  step('a comment under the post is listed under 留言 with its author and the post it replies to', async () => {
    await pushItem('comments', {
      account_id: freshId,
      id: 'zp-monitoring-1-c1',
      post_id: 'zp-monitoring-1',
      author: '热心市民',
      published_at: daysAgo(0.005),
      text: `建议把${TERM}的处理结果也公布出来。`,
    })
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/posts' && new URL(r.url()).searchParams.get('kind') === 'comment')
    await page.locator('[data-test="posts-kind-comment"]').click()
    const found = await (await answered).json()
    assert.equal(found.total, 1, JSON.stringify(found))
    await page.waitForURL((u) => u.searchParams.get('kind') === 'comment')
    const row = page.locator('[data-test="posts-table"] .el-table__body tr.post-row').first()
    await row.locator('[data-test="post-kind-comment"]').waitFor()
    assert.equal(await row.locator('[data-test="post-author"]').innerText(), '热心市民')
    assert.match(await row.locator('[data-test="post-comment"]').innerText(), /回复帖子 zp-monitoring-1/)
    assert.deepEqual(await row.locator('mark.hit').allInnerTexts(), [TERM])
    await shot('54-archive-comment')
    // 帖子 lists the post only.
    const posts = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/posts' && new URL(r.url()).searchParams.get('kind') === 'post')
    await page.locator('[data-test="posts-kind-post"]').click()
    assert.equal((await (await posts).json()).total, 1)
    await page.locator('[data-test="posts-table"] [data-test="post-comment"]').waitFor({ state: 'detached' })
  })

  step('更新监测 shows the account silent for 8 days at level 预警', async () => {
    await push(silentId, 'zp-monitoring-2', daysAgo(8), '张浦镇开展文明城市创建志愿服务活动。')
    const data = await openPage('更新监测', '/freshness', '/api/freshness')
    assert.deepEqual(data.thresholds, [7, 10])
    assert.equal(data.veto_days, 14)
    await page.locator('[data-test="freshness-thresholds"]', { hasText: '预警阈值：7 天、10 天；14 天单项否决' }).waitFor()
    const silentRow = page.locator('[data-test="freshness-table"] .el-table__body tr.freshness-row', { hasText: SILENT })
    await silentRow.waitFor()
    const level = silentRow.locator('[data-test="freshness-level"]')
    assert.equal(await level.getAttribute('data-value'), 'warn')
    assert.equal(await level.innerText(), '预警')
    assert.match(await level.getAttribute('title'), /^预警（7\s*天/)
    assert.match(await silentRow.locator('[data-test="freshness-days"]').innerText(), /^8(\.\d)?$/)
    const freshRow = page.locator('[data-test="freshness-table"] .el-table__body tr.freshness-row', { hasText: FRESH })
    assert.equal(await freshRow.locator('[data-test="freshness-level"]').getAttribute('data-value'), 'ok')
    assert.ok(Number(await page.locator('[data-test="freshness-count-warn"] .count-num').innerText()) >= 1)
    // The account name links to the account.
    assert.equal(await silentRow.locator(`[data-test="freshness-account-${silentId}"]`).getAttribute('href'), `/accounts/${silentId}`)
    await shot('55-freshness')
    // The 预警 card filters the list to that level: the active account is no longer listed.
    const filtered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/freshness' && new URL(r.url()).searchParams.get('level') === 'warn')
    await page.locator('[data-test="freshness-count-warn"]').click()
    const res = await filtered
    assert.equal(res.status(), 200)
    await page.waitForURL((u) => u.searchParams.get('level') === 'warn')
    await page.locator('[data-test="freshness-table"] .el-table__body tr.freshness-row', { hasText: FRESH }).waitFor({ state: 'detached' })
    await silentRow.waitFor()
  })

  step('重新扫描存档: a term published today finds a post of three days ago, as a background job', async () => {
    await push(freshId, 'zp-monitoring-old', daysAgo(3), `张浦镇通报：有人传播${OLD_TERM}相关信息。`)
    // Version 3 adds the term (through the API: the editor is tested above).
    const v2 = await api('GET', '/api/lexicons/2')
    const published = await api('POST', '/api/lexicons', { terms_tsv: `${v2.data.terms_tsv}\nharmful\t${OLD_TERM}\n`, allow: v2.data.allow, note: '新增有害信息词' })
    assert.equal(published.status, 201, JSON.stringify(published.data))
    await openPage('词库管理', '/lexicons', '/api/lexicons')
    await page.locator('[data-test="rescan-card"]').waitFor()
    await h.fillDate('rescan-from', daysAgo(7).slice(0, 10))
    const started = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/lexicons/rescans' && r.request().method() === 'POST')
    await page.locator('[data-test="rescan-start"]').click()
    const res = await started
    assert.equal(res.status(), 201, await res.text())
    const row = page.locator('[data-test="rescans-table"] .el-table__body tr.rescan-row').first()
    // The page reads the progress again until the batches are done.
    await row.locator('[data-test="rescan-status"][data-status="done"]').waitFor({ timeout: 60000 })
    assert.equal(await row.locator('[data-test="rescan-status"]').innerText(), '已完成')
    assert.equal(await row.locator('[data-test="rescan-hits"]').innerText(), '1')
    assert.equal(await row.locator('[data-test="rescan-alerts"]').innerText(), '1')
    assert.match(await row.innerText(), /第 3 版/)
    for (const width of [1440, 1280, 390]) {
      await h.assertFits(width, 900)
      await shot(`56-rescan-${width}`)
    }
    await page.setViewportSize({ width: 1440, height: 900 })
    // The alert it raised is the duty officer's like any other.
    const alerts = await api('GET', '/api/alerts')
    assert.ok(alerts.data.items.some((a) => a.category === 'harmful'), JSON.stringify(alerts.data))
  })

  step('可用性监测: 立即检查 finds the refused service URL 异常, then 不可用 with one failure as the threshold', async () => {
    await openPage('可用性监测', '/availability', '/api/availability')
    const row = page.locator('[data-test="availability-table"] .el-table__body tr.availability-row', { hasText: DEAD_URL })
    await row.waitFor()
    const checked = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/availability/check')
    const reloaded = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/availability' && r.request().method() === 'GET')
    await page.locator('[data-test="availability-check"]').click()
    const res = await checked
    assert.equal(res.status(), 200, await res.text())
    assert.ok((await res.json()).checked >= 1)
    await reloaded
    const state = row.locator('[data-test="availability-state"]')
    await page.waitForFunction((el) => /异常|不可用/.test(el.innerText), await state.elementHandle())
    assert.match(await row.locator('[data-test="availability-ipv4"]').innerText(), /\S/)
    await shot('56-availability-failing')

    // 监测设置: one failure is enough; the next check marks the URL 不可用.
    await page.locator('[data-test="monitoring-settings"]').click()
    const dialog = page.locator('[data-test="monitoring-settings-dialog"]')
    const failures = field(dialog, 'ms-failures')
    await page.waitForFunction((el) => el.value === '3', await failures.elementHandle())
    await failures.fill('1')
    await failures.press('Tab')
    // The deadlines of netizens' requests (限时办理) are set here too.
    const question = field(dialog, 'ms-request_question_workdays')
    assert.equal(await question.inputValue(), '3')
    await question.fill('2')
    await question.press('Tab')
    await shot('58-monitoring-settings')
    const put = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/settings/monitoring' && r.request().method() === 'PUT')
    await dialog.locator('[data-test="ms-submit"]').click()
    const putRes = await put
    assert.equal(putRes.status(), 200, await putRes.text())
    assert.equal((await putRes.json()).availability_failures, 1)
    assert.equal((await putRes.json()).request_question_workdays, 2)
    await dialog.waitFor({ state: 'hidden' })
    const again = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/availability/check')
    await page.locator('[data-test="availability-check"]').click()
    assert.equal((await again).status(), 200)
    await page.waitForFunction((el) => /不可用/.test(el.innerText), await state.elementHandle())
    assert.equal(await state.getAttribute('data-value'), 'broken')

    // The row opens on the account's state changes.
    const events = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/availability/events')
    await row.locator('[data-test="availability-url"]').click()
    assert.equal((await events).status(), 200)
    await page.locator(`[data-test="availability-events-${freshId}"]`, { hasText: '变为不可用' }).waitFor()
    await shot('57-availability-broken')
  })
})
