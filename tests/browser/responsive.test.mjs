// The console on a phone (390 px): the menu is a drawer opened from the header and closed when a
// page is chosen, nothing covers the page, and wide tables scroll inside their card rather than
// widening the page. At 1280 and 1440 px the sidebar is back. Screenshots of each width.
//
// Env: see helpers.mjs (GOVMEDIA_BIN, GOVMEDIA_WEB, CHROMIUM_PATH).
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { Harness } from './helpers.mjs'

const ADMIN = { username: 'admin', password: 'browser-test-Pa55word' }

const h = new Harness('govmedia-browser-responsive-')
const { shot, step } = h
let page
let baseUrl

const menuButton = () => page.locator('[data-test="menu-button"]')
const drawer = () => page.locator('[data-test="menu-drawer"]')
const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth)
// The body wrapper of each table on the page: how wide its content is, and how wide it shows.
const tableScroll = () =>
  page.evaluate(() =>
    [...document.querySelectorAll('.el-table')].map((t) => {
      const w = t.querySelector('.el-table__body-wrapper .el-scrollbar__wrap')
      return { table: t.dataset.test || '', inner: w.scrollWidth, outer: w.clientWidth }
    }),
  )
// Pages whose tables must fit their card at 1280 and 1440 px.
const TABLE_PAGES = [
  '/indicator-sets',
  '/lexicons',
  '/rectifications',
  '/filings?tab=all',
  '/accounts',
  '/inspections',
  '/notices',
  '/freshness',
  '/assessments',
  '/consolidation',
  '/review/drafts',
  '/review/posts',
  '/',
]

describe('responsive layout', { timeout: 180000 }, () => {
  before(async () => {
    await h.setup({ users: [{ ...ADMIN, role: 'city_admin' }] })
    page = h.page
    baseUrl = h.baseUrl
    await page.setViewportSize({ width: 390, height: 844 })
  })

  after(h.teardown)

  step('the login page fits a phone', async () => {
    await page.goto(`${baseUrl}/login`)
    await page.locator('[data-test="login-hint"]').waitFor()
    assert.ok((await pageWidth()) <= 390, `login page is ${await pageWidth()} px wide`)
    const box = await page.locator('.login-box').boundingBox()
    assert.ok(box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box))
    await shot('responsive-login-390')
  })

  step('at 390 px the menu is a drawer opened from the header', async () => {
    await h.login(ADMIN.username, ADMIN.password)
    await h.registerAccount('张浦镇', '张浦发布', 'weibo', 'https://weibo.com/zhangpu-responsive')
    await page.reload()
    await page.locator('[data-test="stat-units"]').waitFor()
    // No sidebar beside the page: the content starts at the left edge.
    assert.equal(await page.locator('.aside:visible').count(), 0)
    const main = await page.locator('.main').boundingBox()
    assert.ok(main.x < 1 && main.width >= 389, `main at ${JSON.stringify(main)}`)
    await shot('responsive-home-390')
    await menuButton().click()
    await drawer().locator('[data-test="side-menu"]').getByText('账号台账').waitFor()
    await shot('responsive-drawer-390')
  })

  step('choosing a page closes the drawer and the page is usable', async () => {
    await drawer().locator('[data-test="side-menu"]').getByText('账号台账').click()
    await page.waitForURL(/\/accounts$/)
    await page.locator('.menu-drawer').waitFor({ state: 'hidden' })
    await page.locator('.el-table__body-wrapper tr.el-table__row').first().waitFor()
    // Nothing covers the page: the element at the middle of the table is the table's own.
    const covered = await page.evaluate(() => {
      const t = document.querySelector('.el-table').getBoundingClientRect()
      const el = document.elementFromPoint(t.left + t.width / 2, Math.min(t.top + 20, window.innerHeight - 5))
      return el && el.closest('.el-table') ? '' : el ? el.className : 'nothing'
    })
    assert.equal(covered, '', 'the table is covered')
    // The wide table scrolls inside its card; the page itself is not wider than the screen.
    assert.ok((await pageWidth()) <= 390, `page is ${await pageWidth()} px wide`)
    const scroll = await page.evaluate(() => {
      const w = document.querySelector('.el-table .el-scrollbar__wrap')
      return { inner: w.scrollWidth, outer: w.clientWidth }
    })
    assert.ok(scroll.inner > scroll.outer, `table does not scroll: ${JSON.stringify(scroll)}`)
    // The row's actions (fixed on the right) are on screen and work.
    await page.locator('.el-table__body-wrapper tr.el-table__row').first().getByText('详情').click()
    await page.waitForURL(/\/accounts\/\d+$/)
    assert.ok((await pageWidth()) <= 390, `account detail is ${await pageWidth()} px wide`)
    await shot('responsive-account-390')
    // The help line folds away and stays folded.
    await page.locator('[data-test="page-help-toggle"]').click()
    await page.locator('[data-test="page-help-text"]').waitFor({ state: 'detached' })
    await page.locator('[data-test="page-help-toggle"]').click()
    await page.locator('[data-test="page-help-text"]').waitFor()
  })

  step('at 390 px the rectification and filing tables scroll inside their card', async () => {
    for (const path of ['/rectifications', '/filings?tab=all']) {
      await page.goto(`${baseUrl}${path}`)
      await page.locator('.el-table .el-scrollbar__wrap').first().waitFor()
      await page.waitForLoadState('networkidle')
      assert.ok((await pageWidth()) <= 390, `${path}: page is ${await pageWidth()} px wide`)
      const [scroll] = await tableScroll()
      assert.ok(scroll.inner > scroll.outer, `${path}: table does not scroll: ${JSON.stringify(scroll)}`)
      await shot(`responsive-${path.replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '')}-390`)
    }
  })

  for (const width of [1280, 1440]) {
    step(`at ${width} px the sidebar is back and no table widens the page`, async () => {
      await page.setViewportSize({ width, height: 900 })
      await page.goto(`${baseUrl}/accounts`)
      await page.locator('.aside [data-test="side-menu"]').waitFor()
      assert.equal(await menuButton().count(), 0)
      await page.locator('.el-table__body-wrapper tr.el-table__row').first().waitFor()
      assert.ok((await pageWidth()) <= width, `page is ${await pageWidth()} px wide`)
      await shot(`responsive-accounts-${width}`)
      await page.goto(`${baseUrl}/`)
      await page.locator('[data-test="stat-units"]').waitFor()
      await shot(`responsive-home-${width}`)
    })

    // Every column fits its card: nothing scrolls sideways inside a table (issue 11: columns
    // clipped at 1280 and 1440 px).
    step(`at ${width} px no table scrolls sideways`, async () => {
      await page.setViewportSize({ width, height: 900 })
      for (const path of TABLE_PAGES) {
        await page.goto(`${baseUrl}${path}`)
        await page.locator('.el-table .el-scrollbar__wrap').first().waitFor()
        await page.waitForLoadState('networkidle')
        await page.waitForFunction(() => !document.querySelector('.el-loading-mask'))
        const tables = await tableScroll()
        for (const t of tables) assert.ok(t.inner <= t.outer, `${path} at ${width} px: table scrolls ${t.inner - t.outer} px sideways (${JSON.stringify(t)})`)
        if (['/indicator-sets', '/lexicons', '/rectifications', '/filings?tab=all'].includes(path)) {
          await shot(`responsive-${path.replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '')}-${width}`)
        }
      }
    })
  }
})
