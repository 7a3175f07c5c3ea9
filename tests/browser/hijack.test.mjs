// A hijacked account (疑似账号被盗用) handled by the duty officer: the city office registers an
// account of 张浦镇 and an integration pushes six weeks of its ordinary posts (three a day, linking
// to the town's site); then, yesterday at 3 a.m., adverts with 加微信 and a link to a shop's domain.
// The duty officer finds one alert of 疑似账号被盗用 under 待处理 with its signals (商业广告,
// 非常用时段发帖, 新域名链接), their baselines and the posts; confirms it, handles it with a note;
// it is listed under 已处置. Screens at 1440, 1280 and 390 px.
//
//   node --test tests/browser/hijack.test.mjs
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { Harness, today } from './helpers.mjs'

const ADMIN = { username: 'admin', password: 'browser-test-Pa55word', role: 'city_admin' }
const DUTY = { username: 'duty', password: 'duty-officer-Pa55word', role: 'duty_officer' }
const UNIT = '张浦镇'
const ACCOUNT = `张浦盗号样本${process.pid}`
const NOTE = '已电话通知张浦镇修改密码、删除广告，并按应急预案上报'

const h = new Harness('govmedia-browser-hijack-')
const { shot, field, step, login, logout } = h
let page
let token
let accountId

const menu = () => page.locator('[data-test="side-menu"]')
const alertRow = () => page.locator('[data-test="alerts-table"] .el-table__body tr.alert-row', { hasText: ACCOUNT })

// YYYY-MM-DD `days` before today (Beijing).
function dayBefore(days) {
  const d = new Date(`${today()}T00:00:00+08:00`)
  d.setUTCDate(d.getUTCDate() - days)
  return new Date(d.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

async function push(posts) {
  const res = await fetch(`${h.baseUrl}/api/ingest/posts`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ posts }),
  })
  const body = await res.json()
  assert.equal(res.status, 200, JSON.stringify(body))
  return body
}

async function openTab(status) {
  await page.locator(`[data-test="alerts-tab-${status}"]`).click()
  await page.waitForURL(new RegExp(`/alerts\\?tab=${status}`))
}

describe('hijack alert', { timeout: 240000 }, () => {
  before(async () => {
    await h.setup({ users: [ADMIN, DUTY] })
    page = h.page
  })

  after(h.teardown)

  step('an account posts as usual for six weeks, then adverts at 3 a.m.', async () => {
    await login(ADMIN.username, ADMIN.password)
    ;({ accountId, token } = await h.registerAccountWithFeed(UNIT, ACCOUNT, 'https://weibo.com/zhangpu-hijack'))
    const history = []
    for (let d = 42; d >= 2; d--) {
      for (const hh of ['09', '14', '19']) {
        const id = `zp-${d}-${hh}`
        history.push({ account_id: accountId, id, published_at: `${dayBefore(d)}T${hh}:00:00+08:00`,
          text: `张浦镇便民服务信息（${id}）详见 https://www.ks.gov.cn/zp/${id}` })
      }
    }
    assert.equal((await push(history)).added, history.length)
    const ads = [0, 10, 20].map((m, i) => ({
      account_id: accountId,
      id: `zp-ad-${i}`,
      published_at: `${dayBefore(1)}T03:${String(m).padStart(2, '0')}:00+08:00`,
      text: `正品运动鞋特价包邮，加微信 shoes888 私信领取优惠券 http://cheap-shoes.example.com/p${i}`,
    }))
    await push(ads)
    const alerts = await h.api('GET', '/api/alerts?type=hijack')
    assert.equal(alerts.status, 200)
    assert.equal(alerts.data.items.length, 1, JSON.stringify(alerts.data))
  })

  step('the duty officer sees 疑似账号被盗用 with its signals and posts', async () => {
    await logout()
    await login(DUTY.username, DUTY.password)
    await menu().getByText('告警处置').click()
    await page.waitForURL(/\/alerts/)
    const row = alertRow()
    await row.waitFor()
    const text = await row.innerText()
    assert.match(text, /疑似账号被盗用/)
    assert.match(text, /商业广告/)
    assert.match(text, /非常用时段发帖/)
    assert.match(text, /新域名链接/)
    await row.click()
    const ev = page.locator('[data-test="hijack-evidence"]').first()
    await ev.waitFor()
    assert.match(await ev.locator('[data-test="hijack-signal-night"]').innerText(), /3 时（历史 0 条/)
    assert.match(await ev.locator('[data-test="hijack-signal-new_domain"]').innerText(), /example\.com/)
    assert.match(await ev.locator('[data-test="hijack-signal-ad"]').innerText(), /加微信/)
    assert.match(await ev.innerText(), /40 天、120 条历史帖子/)
    const posts = ev.locator('[data-test="hijack-posts"] .el-table__body tr')
    assert.equal(await posts.count(), 3)
    assert.match(await posts.first().innerText(), /shoes888/)
    // Only hijack alerts when asked.
    await h.pickOption(page.locator('[data-test="alerts-type"]'), '疑似账号被盗用')
    await page.waitForURL(/type=hijack/)
    await alertRow().waitFor()
    // The table keeps the row open across the reload (row-key); open it if it is not.
    await page.waitForTimeout(300)
    if (!(await ev.isVisible())) await alertRow().click()
    await ev.waitFor()
    await shot('hijack-1440')
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 })
      await page.waitForTimeout(300)
      await shot(`hijack-${width}`)
    }
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  step('confirmed, then handled with a note; listed under 已处置', async () => {
    await alertRow().locator('[data-test="alert-acknowledge"]').click()
    await openTab('acknowledged')
    await alertRow().waitFor()
    await alertRow().locator('[data-test="alert-handle"]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.waitFor()
    assert.match(await dialog.innerText(), /信号：.*商业广告/)
    await field(dialog, 'ah-note').fill(NOTE)
    await dialog.locator('[data-test="ah-submit"]').click()
    await dialog.waitFor({ state: 'hidden' })
    await openTab('handled')
    const row = alertRow()
    await row.waitFor()
    assert.match(await row.innerText(), new RegExp(`${DUTY.username} 已处置`))
    await row.click()
    await page.locator('[data-test="alert-note"]', { hasText: NOTE }).waitFor()
    await shot('hijack-handled-1440')
    const handled = await h.api('GET', '/api/alerts?type=hijack&status=handled')
    assert.equal(handled.data.items[0].note, NOTE)
  })

  step('the city office tunes the detector in 监测设置', async () => {
    await logout()
    await login(ADMIN.username, ADMIN.password)
    await page.goto(`${h.baseUrl}/freshness`)
    await page.locator('[data-test="monitoring-settings"]').click()
    const dialog = page.locator('[data-test="monitoring-settings-dialog"]')
    const signals = field(dialog, 'ms-hijack_min_signals')
    await page.waitForFunction((el) => el.value === '2', await signals.elementHandle())
    assert.equal(await field(dialog, 'ms-hijack_min_history_days').inputValue(), '28')
    await signals.fill('3')
    await signals.press('Tab')
    await dialog.getByText('疑似账号被盗用（对照账号自身历史）').scrollIntoViewIfNeeded()
    await shot('hijack-settings')
    const put = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/settings/monitoring' && r.request().method() === 'PUT')
    await dialog.locator('[data-test="ms-submit"]').click()
    const res = await put
    assert.equal(res.status(), 200, await res.text())
    assert.equal((await res.json()).hijack_min_signals, 3)
  })
})
