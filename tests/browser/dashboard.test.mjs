// End-to-end test of 清理整合 and the home page's supervision dashboards in the web console:
// - the city office registers three accounts of 张浦镇 on 微博 with like names (张浦发布, 张浦镇发布,
//   张浦发布厅); 清理整合 proposes them as one group with the stated measure; rejecting needs a note;
//   the office confirms the group (已确认) and a unit's operator sees it read-only;
// - 应纳入未纳入: the office registers an account found outside the register and resolves it;
//   已报关停未关停 lists the year's closures not carried out;
// - this quarter's spot check (through the API): every account inspected, one veto, the notice
//   published, which opens a rectification for 张浦镇;
// - the office's home page: qualified rate per quarter and per unit (charts), accounts at risk
//   (linking to 更新监测 with the level), overdue cards, the ranking (linking to 年度考核);
// - 张浦镇's operator's home page: the self-inspections still to do (linking to 季度自查), the
//   report and its due date, the open rectification, the score trend chart.
//
//   (cd tests/browser && npm ci) && node --test tests/browser/dashboard.test.mjs
//
// Env: see helpers.mjs (GOVMEDIA_BIN, GOVMEDIA_WEB, CHROMIUM_PATH).
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { Harness, today } from './helpers.mjs'

const ADMIN = { username: 'admin', password: 'browser-test-Pa55word', role: 'city_admin' }
const OPERATOR = { username: 'zp', password: 'operator-Pa55word', role: 'unit_operator', unit: '张浦镇' }
const UNIT = '张浦镇'
const OTHER_UNIT = '周市镇'
const SIMILAR = ['张浦发布', '张浦镇发布', '张浦发布厅']
const OTHER_ACCOUNT = '周市发布'
const FOUND = '张浦文旅'
const YEAR = Number(today().slice(0, 4))
const QUARTER = Math.floor((Number(today().slice(5, 7)) - 1) / 3) + 1
const QUARTER_LABELS = ['第一季度', '第二季度', '第三季度', '第四季度']
const VETO = 'veto.serious_error'

const h = new Harness('govmedia-browser-dashboard-')
const { shot, pickOption, field, step, login, logout, registerAccount, api } = h
let page
let similarIds = []
let otherId
let foundId

const menu = () => page.locator('[data-test="side-menu"]')
const tableRow = (table, has) => page.locator(`[data-test="${table}"] .el-table__body tr`, { has: page.locator(has) })
const groupRow = () => tableRow('groups-table', `[data-test="group-account-${similarIds[0]}"]`)

async function openMenu(title, pathname) {
  await menu().getByText(title, { exact: true }).click()
  await page.waitForURL((u) => u.pathname === pathname)
}

// The last day of this quarter (the report's due date).
function quarterEnd() {
  const month = QUARTER * 3
  const day = new Date(Date.UTC(YEAR, month, 0)).getUTCDate()
  return `${YEAR}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

// A ratio as the console prints it ("75%", "66.7%").
const fmtRate = (v) => (v == null ? '—' : `${(v * 100).toFixed(1).replace(/\.0$/, '')}%`)

async function ok(res, status = 200) {
  assert.equal(res.status, status, JSON.stringify(res.data))
  return res.data
}

describe('supervision dashboards and consolidation', { timeout: 300000 }, () => {
  before(async () => {
    await h.setup({ users: [ADMIN, OPERATOR] })
    page = h.page
  })

  after(h.teardown)

  step('the city office registers three like accounts of 张浦镇 on 微博 and one of 周市镇', async () => {
    await login(ADMIN.username, ADMIN.password)
    similarIds = []
    for (const [i, name] of SIMILAR.entries()) similarIds.push(await registerAccount(UNIT, name, 'weibo', `https://weibo.com/zhangpu-dashboard-${i}`))
    otherId = await registerAccount(OTHER_UNIT, OTHER_ACCOUNT, 'wechat_subscription', 'https://mp.weixin.qq.com/zhoushi-dashboard')
  })

  step('清理整合 proposes the three accounts as one group, with the measure stated', async () => {
    await page.locator('[data-test="menu-group-监管闭环"]').getByText('清理整合', { exact: true }).waitFor()
    await openMenu('清理整合', '/consolidation')
    const row = groupRow()
    await row.waitFor()
    assert.match(await page.locator('[data-test="consolidation-measure"]').innerText(), /Dice 系数 ≥ 0\.5/)
    for (const id of similarIds) await row.locator(`[data-test="group-account-${id}"]`).waitFor()
    const text = await row.innerText()
    for (const name of SIMILAR) assert.ok(text.includes(name), text)
    assert.match(text, /微博/)
    assert.match(text, /发布张浦镇政务信息/)
    assert.match(text, /[01]\.\d\d/)
    await row.locator('[data-test="group-status"]', { hasText: '待确认' }).waitFor()
    await page.locator('[data-test="count-proposed"]', { hasText: /^\s*1\s*待确认/ }).waitFor()
    // 周市镇's single account forms no group.
    assert.equal(await tableRow('groups-table', `[data-test="group-account-${otherId}"]`).count(), 0)
    await shot('70-consolidation-proposed')
  })

  step('the office confirms the group as 业务相近 (rejecting needs a note)', async () => {
    const row = groupRow()
    await row.locator('[data-test="group-reject"]').click()
    let dialog = page.locator('.el-dialog:visible')
    await dialog.waitFor()
    await dialog.locator('[data-test="gd-submit"]').click()
    await dialog.getByText('否定时请填写说明').waitFor()
    await dialog.getByRole('button', { name: '取消' }).click()
    await dialog.waitFor({ state: 'hidden' })

    await row.locator('[data-test="group-confirm"]').click()
    dialog = page.locator('.el-dialog:visible')
    await dialog.waitFor()
    assert.match(await dialog.innerText(), new RegExp(SIMILAR.join('、')))
    await field(dialog, 'gd-note').fill('三个账号定位相同，要求整合为一个')
    await dialog.locator('[data-test="gd-submit"]').click()
    await dialog.waitFor({ state: 'hidden' })
    await row.locator('[data-test="group-status"]', { hasText: '已确认' }).waitFor()
    assert.match(await row.innerText(), /admin · \d{4}-\d{2}-\d{2}/)
    assert.match(await row.locator('[data-test="group-note"]').innerText(), /要求整合为一个/)
    assert.equal(await row.locator('[data-test="group-confirm"]').count(), 0)
    await page.locator('[data-test="count-confirmed"]', { hasText: /^\s*1\s*已确认/ }).waitFor()
    const groups = await ok(await api('GET', '/api/consolidation'))
    assert.deepEqual(
      groups.items.map((g) => [g.status, g.accounts.map((a) => a.id)]),
      [['confirmed', similarIds]],
    )
    await shot('71-consolidation-confirmed')
  })

  step('应纳入未纳入: the office registers an account found outside the register and resolves it', async () => {
    await page.locator('[data-test="consolidation-tabs"]').getByText('应纳入未纳入', { exact: true }).click()
    await page.waitForURL((u) => u.pathname === '/consolidation/unregistered')
    await page.locator('[data-test="ua-new"]').click()
    const dialog = page.locator('.el-dialog:visible')
    await dialog.waitFor()
    await dialog.locator('[data-test="ua-submit"]').click()
    await dialog.getByText('请填写账号名称').waitFor()
    await pickOption(dialog.locator('[data-test="ua-unit"]'), UNIT)
    await pickOption(dialog.locator('[data-test="ua-platform"]'), '抖音')
    await field(dialog, 'ua-name').fill(FOUND)
    await field(dialog, 'ua-url').fill('https://www.douyin.com/user/zhangpu-wenlv')
    await pickOption(dialog.locator('[data-test="ua-source"]'), '检查发现')
    await field(dialog, 'ua-note').fill('抽查时发现，未备案')
    await dialog.locator('[data-test="ua-submit"]').click()
    await dialog.waitFor({ state: 'hidden' })
    const list = await ok(await api('GET', '/api/unregistered-accounts'))
    const found = list.items.find((x) => x.name === FOUND)
    assert.ok(found, JSON.stringify(list))
    assert.equal(found.source, 'inspection')
    assert.equal(found.unit_name, UNIT)
    assert.equal(found.platform, 'douyin')
    foundId = found.id
    const row = tableRow('unregistered-table', `[data-test="ua-name-${foundId}"]`)
    await row.locator('[data-test="ua-status"]', { hasText: '待处理' }).waitFor()
    assert.match(await row.innerText(), /检查发现/)
    await row.locator(`[data-test="ua-registered-${foundId}"]`).click()
    const resolve = page.locator('.el-dialog:visible')
    await resolve.waitFor()
    await field(resolve, 'ur-note').fill('已补办备案')
    await resolve.locator('[data-test="ur-submit"]').click()
    await resolve.waitFor({ state: 'hidden' })
    await row.locator('[data-test="ua-status"]', { hasText: '已纳入' }).waitFor()
    assert.match(await row.innerText(), /已补办备案/)
    await shot('72-unregistered-resolved')

    // 已报关停未关停: nothing was closed this year.
    await page.locator('[data-test="consolidation-tabs"]').getByText('已报关停未关停', { exact: true }).click()
    await page.waitForURL((u) => u.pathname === '/consolidation/closures')
    await page.locator('[data-test="closures-table"]').getByText('没有已报关停未关停的账号').waitFor()
  })

  step('this quarter’s spot check: every account inspected, a veto for 张浦发布, the notice published', async () => {
    const round = await ok(
      await api('POST', '/api/spot-rounds', {
        year: YEAR,
        quarter: QUARTER,
        name: `${YEAR}年${QUARTER_LABELS[QUARTER - 1]}政务新媒体抽查`,
        method: 'ratio',
        ratio: 1,
        seed: 7,
        monitoring_time: new Date(Date.now() - 60000).toISOString().replace(/\.\d+Z$/, 'Z'),
      }),
      201,
    )
    const drawn = round.items.map((i) => i.account_id).sort((a, b) => a - b)
    assert.deepEqual(drawn, [...similarIds, otherId].sort((a, b) => a - b))
    for (const item of round.items) {
      const { inspection_id: id } = await ok(await api('POST', `/api/spot-round-items/${item.id}/inspection`), 201)
      if (item.account_id === similarIds[0]) {
        await ok(await api('POST', `/api/inspections/${id}/findings`, { indicator: VETO, evidence: '通知中单位名称表述错误' }))
      }
      await ok(await api('POST', `/api/inspections/${id}/close`))
    }
    await ok(await api('POST', `/api/spot-rounds/${round.id}/finish`))
    const notice = await ok(await api('POST', `/api/spot-rounds/${round.id}/notice`, { title: '关于政务新媒体抽查情况的通报' }), 201)
    await ok(await api('POST', `/api/notices/${notice.id}/publish`, { published_on: today() }))
  })

  step('the office’s home page shows the supervision charts, the accounts at risk and the ranking', async () => {
    const d = await ok(await api('GET', `/api/dashboard/supervision?year=${YEAR}`))
    assert.equal(d.quarter, QUARTER)
    assert.equal(d.tasks, null)
    await menu().getByText('首页', { exact: true }).click()
    await page.waitForURL(`${h.baseUrl}/`)
    const section = page.locator('[data-test="sv-section"]')
    await section.locator('[data-test="sv-quarter-chart"] canvas').first().waitFor()
    await section.locator('[data-test="sv-unit-chart"] canvas').first().waitFor()
    for (const chart of ['sv-quarter-chart', 'sv-unit-chart']) {
      const box = await section.locator(`[data-test="${chart}"]`).boundingBox()
      assert.ok(box && box.width > 200 && box.height > 100, `${chart} ${JSON.stringify(box)}`)
    }
    // The figures on the cards are the endpoint's.
    const q = d.quarters.find((x) => x.quarter === QUARTER)
    assert.equal(q.checked, 4)
    assert.equal((await page.locator('[data-test="stat-quarter_rate"]').innerText()).trim(), fmtRate(q.rate))
    assert.equal((await page.locator('[data-test="stat-quarter_report"]').innerText()).trim(), `${d.reports.submitted} / ${d.reports.submitted + d.reports.missing}`)
    assert.equal((await page.locator('[data-test="stat-rectifications_open"]').innerText()).trim(), '1')
    assert.equal((await page.locator('[data-test="stat-rectifications_overdue"]').innerText()).trim(), '0')
    // Both units checked this quarter appear in the per-unit chart's data.
    assert.deepEqual(d.units.map((u) => u.unit_name).sort(), [UNIT, OTHER_UNIT].sort())

    // The ranking: the top rows of the year's assessment, each with a verdict.
    const ranking = page.locator('[data-test="sv-ranking"] .el-table__body tr')
    await ranking.first().waitFor()
    const rows = await ranking.count()
    assert.ok(rows >= 1 && rows <= 10, `ranking rows ${rows}`)
    assert.equal(rows, Math.min(10, d.ranking.length))
    const first = [...d.ranking].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || (b.score ?? -1) - (a.score ?? -1))[0]
    assert.match(await ranking.first().innerText(), new RegExp(first.unit_name))
    // The accounts at risk: one card per level, each opening 更新监测 on that level.
    for (const level of ['veto', 'danger', 'warn', 'source_failing']) {
      assert.equal((await page.locator(`[data-test="sv-at-risk"] [data-test="count-${level}"] .count-num`).innerText()).trim(), String(d.at_risk[level] ?? 0))
    }
    await shot('73-dashboard-city')

    await page.locator('[data-test="sv-at-risk"] [data-test="count-veto"]').click()
    await page.waitForURL((u) => u.pathname === '/freshness' && u.searchParams.get('level') === 'veto')
    await page.locator('[data-test="freshness-count-veto"].active').waitFor()
    await page.goBack()
    await page.locator('[data-test="sv-ranking-all"]').click()
    await page.waitForURL((u) => u.pathname === '/assessments' && u.searchParams.get('year') === String(YEAR))
    await page.goBack()
    await page.locator('[data-test="stat-rectifications_open"]').click()
    await page.waitForURL((u) => u.pathname === '/rectifications')
  })

  step('张浦镇’s operator sees the confirmed group read-only', async () => {
    await logout()
    await login(OPERATOR.username, OPERATOR.password)
    await openMenu('清理整合', '/consolidation')
    await groupRow().locator('[data-test="group-status"]', { hasText: '已确认' }).waitFor()
    assert.equal(await page.locator('[data-test="group-confirm"], [data-test="group-reject"]').count(), 0)
  })

  step('the operator’s home page shows the unit’s tasks and score trend', async () => {
    const d = await ok(await api('GET', `/api/dashboard/supervision?year=${YEAR}`))
    assert.ok(d.tasks, JSON.stringify(d))
    await menu().getByText('首页', { exact: true }).click()
    await page.waitForURL(`${h.baseUrl}/`)
    const tasks = page.locator('[data-test="sv-tasks"]')
    await tasks.waitFor()
    // This quarter's self-inspections: none done yet, so every account of the unit.
    for (const id of similarIds) await tasks.locator(`[data-test="sv-self-${id}"]`).waitFor()
    assert.equal(await tasks.locator('[data-test="sv-self-todo"] .el-table__body tr').count(), SIMILAR.length)
    assert.equal((await page.locator('[data-test="stat-self_inspection_todo"]').innerText()).trim(), String(SIMILAR.length))
    // The report: not submitted, due on the quarter's last day.
    const report = tasks.locator('[data-test="sv-task-report"]')
    assert.match(await report.innerText(), /未报送/)
    assert.equal((await report.locator('[data-test="sv-report-due"]').innerText()).trim(), quarterEnd())
    // The rectification the notice opened, with its due date.
    const rect = tasks.locator('[data-test="sv-rect-todo"] .el-table__body tr')
    await rect.first().waitFor()
    assert.equal(await rect.count(), 1)
    const rectText = await rect.first().innerText()
    assert.match(rectText, new RegExp(SIMILAR[0]))
    assert.ok(rectText.includes(d.tasks.rectifications[0].due_on), rectText)
    assert.equal(await rect.first().locator('[data-test="sv-rect-overdue"]').count(), d.tasks.rectifications[0].overdue ? 1 : 0)
    // The score trend of the unit's closed inspections.
    await page.locator('[data-test="sv-score-trend"] canvas').first().waitFor()
    assert.ok(d.score_trend.find((x) => x.quarter === QUARTER).inspections >= SIMILAR.length)
    // Its own ranking row only.
    assert.deepEqual(d.ranking.map((r) => r.unit_name), [UNIT])
    await page.locator('[data-test="sv-own-rank"]').waitFor()
    await shot('74-dashboard-unit')

    // 我的任务 comes first: the report, the self-inspections and the rectification, each with its
    // deadline, above everything else on the page (in the first screen at every width).
    const mine = page.locator('[data-test="my-tasks"]')
    await mine.locator('[data-test="my-task"]').first().waitFor()
    for (const kind of ['report', 'self_inspection', 'rectification']) {
      await mine.locator(`[data-test="my-task"][data-kind="${kind}"]`).first().waitFor()
    }
    assert.match(await mine.locator('[data-test="my-task"][data-kind="report"]').innerText(), new RegExp(quarterEnd()))
    assert.equal(await mine.locator('[data-test="my-task"][data-kind="forward"]').count(), 0)
    for (const width of [1440, 1280, 390]) {
      await page.setViewportSize({ width, height: 900 })
      // The page lays itself out again after the resize: wait for it rather than measure at once.
      let box = null
      for (const deadline = Date.now() + 5000; Date.now() < deadline; await page.waitForTimeout(100)) {
        box = await mine.boundingBox()
        if (box && box.y < 200) break
      }
      assert.ok(box && box.y < 200, `我的任务 at y=${box?.y} at ${width}px`)
      await shot(`75-home-my-tasks-${width}`)
    }
    await page.setViewportSize({ width: 1440, height: 900 })
    await mine.locator('[data-test="my-task"][data-kind="rectification"]').first().click()
    await page.waitForURL((u) => u.pathname === '/rectifications')
    await menu().getByText('首页', { exact: true }).click()
    await page.waitForURL(`${h.baseUrl}/`)

    // A task opens 季度自查 on this quarter, where the inspection starts.
    await tasks.locator(`[data-test="sv-self-${similarIds[1]}"]`).click()
    await page.waitForURL((u) => u.pathname === '/self-inspections' && u.searchParams.get('quarter') === String(QUARTER))
    await page.locator(`[data-test="self-start-${similarIds[1]}"]`).waitFor()
  })
})
