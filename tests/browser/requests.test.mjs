// End-to-end test of netizen requests answered in time (限时办理): comments pushed under a post of
// 张浦镇's account are read for requests; the unit operator sees the overdue question with the
// phrase that made it one marked, answers it from the Q&A library, and the city office reads the
// on-time rate per unit.
//
//   (cd tests/browser && npm ci) && node --test tests/browser/requests.test.mjs
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { Harness } from './helpers.mjs'

const ADMIN = { username: 'admin', password: 'browser-test-Pa55word', role: 'city_admin' }
const ZP = { username: 'zpop', password: 'zhangpu-operator-Pa55', role: 'unit_operator', unit: '张浦镇' }
const ACCOUNT = `张浦发布诉求${process.pid}`
const ANSWER = '您好，社保卡补办可携带身份证到各银行网点办理，也可在线申请。'

const h = new Harness('govmedia-browser-requests-')
const { shot, field, step, login, logout, assertFits } = h
let page
let accountId
let token

// An instant `days` days ago, in Beijing time.
function daysAgo(days) {
  const t = new Date(Date.now() - days * 86400000 + 8 * 3600000)
  return `${t.toISOString().slice(0, 19)}+08:00`
}

async function pushComments(comments) {
  const res = await fetch(`${h.baseUrl}/api/ingest/comments`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ comments: comments.map((c) => ({ account_id: accountId, post_id: 'p1', ...c })) }),
  })
  const pushed = await res.json()
  assert.equal(res.status, 200, JSON.stringify(pushed))
}

async function tableFits(dataTest) {
  return page
    .waitForFunction(
      (t) => {
        const w = document.querySelector(`[data-test="${t}"] .el-table__body-wrapper .el-scrollbar__wrap`)
        return w && w.scrollWidth <= w.clientWidth + 1
      },
      dataTest,
      { timeout: 5000 },
    )
    .then(() => true, () => false)
}

describe('netizen requests', { timeout: 180000 }, () => {
  before(async () => {
    await h.setup({ users: [ADMIN, ZP] })
    page = h.page
  })

  after(h.teardown)

  step('comments under a post of 张浦镇 come in; the account answered one of them', async () => {
    await login(ADMIN.username, ADMIN.password)
    ;({ accountId, token } = await h.registerAccountWithFeed('张浦镇', ACCOUNT, 'https://weibo.com/zhangpu-requests'))
    await pushComments([
      { id: 'c1', author: '市民小王', published_at: daysAgo(20), text: '请问社保卡丢了在哪里补办？' },
      { id: 'c2', author: '老李', published_at: daysAgo(20), text: '希望尽快修一下路口的红绿灯，已经坏了三天了' },
      { id: 'c3', author: '阿花', published_at: daysAgo(20), text: '辛苦了，为你们点赞' },
      { id: 'r2', author: ACCOUNT, published_at: daysAgo(19), text: '回复@老李:您好，已转交交警大队，今天下午修复。' },
    ])
    await logout()
  })

  step('the unit operator sees the overdue question, its cue marked, and answers it from the library', async () => {
    await page.setViewportSize({ width: 1440, height: 900 })
    await login(ZP.username, ZP.password)
    const entry = await h.api('POST', '/api/qa-entries', { question: '社保卡丢了在哪里补办', answer: ANSWER })
    assert.equal(entry.status, 201, JSON.stringify(entry.data))
    await page.locator('[data-test="side-menu"]').getByText('网民诉求').click()
    await page.waitForURL(/\/interaction\/requests/)
    const table = page.locator('[data-test="req-table"]')
    await page.locator('[data-test="req-counts"] [data-test="count-overdue"]', { hasText: '1' }).waitFor()
    await page.locator('[data-test="req-counts"] [data-test="count-on_time"]', { hasText: '1' }).waitFor()
    // The praise is no request: two rows.
    assert.equal(await table.locator('.el-table__body tr').count(), 2)
    const row = table.locator('.el-table__body tr', { hasText: '社保卡丢了' })
    assert.equal(await row.locator('[data-test="req-timeliness"]').getAttribute('data-timeliness'), 'overdue')
    assert.equal((await row.locator('mark').first().innerText()).trim(), '请问')
    const answered = table.locator('.el-table__body tr', { hasText: '红绿灯' })
    assert.match(await answered.innerText(), /已转交交警大队/)
    await shot('100-requests-list-1440')
    assert.ok(await tableFits('req-table'), 'the requests table scrolls sideways at 1440 px')

    await row.getByRole('button', { name: '办理' }).click()
    const dialog = page.locator('[data-test="req-dialog"]')
    await dialog.waitFor()
    const suggestion = dialog.locator('[data-test="req-suggestions"]', { hasText: '社保卡丢了在哪里补办' })
    await suggestion.waitFor()
    await suggestion.locator('[data-test="req-use-suggestion"]').first().click()
    assert.equal(await field(dialog, 'req-reply').inputValue(), ANSWER)
    await shot('101-requests-answer-1440')
    await dialog.locator('[data-test="req-submit-reply"]').click()
    await dialog.waitFor({ state: 'hidden' })
    await table
      .locator('.el-table__body tr', { hasText: '社保卡丢了' })
      .locator('[data-timeliness="late"]')
      .waitFor()
    const entries = await h.api('GET', '/api/qa-entries')
    assert.equal(entries.data.items[0].used_count, 1)
    await page.setViewportSize({ width: 1280, height: 800 })
    await shot('102-requests-list-1280')
    assert.ok(await tableFits('req-table'), 'the requests table scrolls sideways at 1280 px')
    await assertFits(390)
    await shot('103-requests-list-390')
    await logout()
  })

  step('the city office reads the on-time rate of 张浦镇', async () => {
    await page.setViewportSize({ width: 1440, height: 900 })
    await login(ADMIN.username, ADMIN.password)
    await page.goto(`${h.baseUrl}/interaction/requests`)
    await page.locator('[data-test="req-tabs"] #tab-figures').click()
    // The requests were asked 20 days ago: early in January that is last year.
    const year = daysAgo(20).slice(0, 4)
    if (year !== String(new Date().getFullYear())) await h.pickOption(page.locator('[data-test="req-year"]'), `${year} 年`)
    const figures = page.locator('[data-test="req-figures"] .el-table__body tr', { hasText: '张浦镇' })
    await figures.waitFor()
    // One on time (the traffic light), one answered late (the social security card): 50%.
    assert.equal((await figures.locator('[data-test="req-rate"]').innerText()).trim(), '50.0%')
    await shot('104-requests-figures-1440')
    await logout()
  })
})
