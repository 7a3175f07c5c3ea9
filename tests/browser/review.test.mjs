// End-to-end test of review before publication (先审后发, issue 12 item 4): a town's editor sets
// three review levels (初审, 复审, 终审 — three colleagues), submits a draft whose pre-scan marks a
// personal phone number in the text; the first reviewer finds it on the home page and approves, the
// second returns it with a comment, the editor fixes and resubmits, and the three approve in turn
// (a reviewer sees no buttons at another's level). The approved text's SHA-256 is shown; then a post
// published with a changed date appears under 发布比对 beside its draft with the change marked.
// Screenshots at 1440, 1280 and 390 px.
//
//   (cd tests/browser && npm ci) && node --test tests/browser/review.test.mjs
import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { Harness } from './helpers.mjs'

const PASS = 'review-test-Pa55word'
const ADMIN = { username: 'admin', password: PASS, role: 'city_admin' }
const EDITOR = { username: 'zp_bianji', password: PASS, role: 'unit_operator', unit: '张浦镇' }
const CHU = { username: 'zp_chushen', password: PASS, role: 'unit_operator', unit: '张浦镇' }
const FU = { username: 'zp_fushen', password: PASS, role: 'unit_operator', unit: '张浦镇' }
const ZHONG = { username: 'zp_zhongshen', password: PASS, role: 'unit_operator', unit: '张浦镇' }
const ACCOUNT = `张浦发布先审${process.pid}`
const TITLE = '张浦镇秋季征兵体检安排'
const TEXT =
  '【张浦镇秋季征兵体检安排】10月25日起，全镇应征青年在镇社区卫生服务中心参加体检，共安排3批次。请应征青年携带身份证按时参加，咨询电话13812345678。'
const FIXED =
  '【张浦镇秋季征兵体检安排】10月25日起，全镇应征青年在镇社区卫生服务中心参加体检，共安排3批次。请应征青年携带身份证按时参加，咨询电话请拨打镇武装部。'

const h = new Harness('govmedia-browser-review-')
const { shot, field, step, login, logout, pickOption } = h
let page
let accountId
let token

const dialog = () => page.locator('[data-test="draft-detail-dialog"]')
const rows = () => page.locator('[data-test="drafts-table"] .el-table__body tr')

// Waits until no select's dropdown is shown (the next select's options are then the only ones).
const dropdownsClosed = () =>
  page.waitForFunction(() =>
    [...document.querySelectorAll('.el-select__popper')].every((e) => getComputedStyle(e).display === 'none'),
  )

// Waits for the dialogs' opening and closing transitions to end (before a screenshot).
const settled = () => page.waitForFunction(() => document.getAnimations().length === 0)

async function closeDraft() {
  await page.keyboard.press('Escape')
  await dialog().waitFor({ state: 'hidden' })
}

async function openDraft(title) {
  const row = rows().filter({ hasText: title }).first()
  await row.waitFor()
  await row.locator('[data-test="draft-open"]').click()
  await dialog().locator('[data-test="draft-detail"]').waitFor()
  await settled()
}

// A reviewer logs in, finds the draft on the home page and in 待我审核, and decides.
async function review(user, decision, comment, name) {
  await login(user.username, user.password)
  const task = page.locator('[data-kind="review_draft"]')
  await task.waitFor()
  assert.match(await task.innerText(), /审核待发布稿件/)
  await page.goto(`${h.baseUrl}/review/queue`)
  await openDraft(TITLE)
  if (name) await shot(name)
  if (comment) await field(dialog(), 'draft-comment').fill(comment)
  await dialog().locator(`[data-test="draft-${decision}"]`).click()
  await dialog().locator('[data-test="draft-decide"]').waitFor({ state: 'detached' })
  await closeDraft()
  await logout()
}

describe('review before publication', { timeout: 240000 }, () => {
  before(async () => {
    await h.setup({ users: [ADMIN, EDITOR, CHU, FU, ZHONG] })
    page = h.page
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  after(h.teardown)

  step('the editor sets three review levels, each with a colleague as reviewer', async () => {
    await login(ADMIN.username, ADMIN.password)
    ;({ accountId, token } = await h.registerAccountWithFeed('张浦镇', ACCOUNT, 'https://weibo.com/zhangpu-review'))
    await logout()
    await login(EDITOR.username, EDITOR.password)
    await page.locator('[data-test="side-menu"]').getByText('审核流程').click()
    await page.waitForURL(/\/review\/settings$/)
    const levels = page.locator('[data-test="review-levels"]')
    await levels.waitFor()
    for (let i = 0; i < 3; i++) await page.locator('[data-test="review-level-add"]').click()
    // A level without a reviewer is named at its box.
    await page.locator('[data-test="review-save"]').click()
    await page.locator('.el-form-item__error', { hasText: '请为「初审」指定审核人' }).waitFor()
    for (const [i, user] of [CHU, FU, ZHONG].entries()) {
      assert.equal(await field(page, `review-level-name-${i}`).inputValue(), ['初审', '复审', '终审'][i])
      await pickOption(page.locator(`[data-test="review-level-reviewer-${i}"]`), user.username)
      await dropdownsClosed()
    }
    await h.fillDate('review-enabled', '2024-01-01')
    await page.locator('[data-test="review-save"]').click()
    await page.locator('.el-message--success', { hasText: '已保存' }).waitFor()
    await shot('a0-review-settings-1280')
    await page.setViewportSize({ width: 390, height: 844 })
    await shot('a0-review-settings-390')
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  step('the editor submits a draft; the pre-scan marks the phone number in the text', async () => {
    await page.goto(`${h.baseUrl}/review/drafts`)
    await page.locator('[data-test="draft-add"]').click()
    const form = page.locator('[data-test="draft-dialog"]')
    await form.waitFor()
    const account = form.locator('[data-test="draft-f-account"] .el-select')
    await account.click()
    await page.keyboard.type('先审')
    await page.locator('.el-select-dropdown__item:visible', { hasText: ACCOUNT }).first().click()
    await field(form, 'draft-f-title').fill(TITLE)
    await field(form, 'draft-f-text').fill(TEXT)
    await page.locator('[data-test="draft-save"]').click()
    await dialog().locator('[data-test="draft-detail"]').waitFor()
    await settled()
    const mark = dialog().locator('[data-test="draft-text"] [data-test="mark-hit"]')
    await mark.first().waitFor()
    assert.equal(await mark.first().innerText(), '13812345678')
    assert.match(await dialog().locator('[data-test="draft-hits"]').innerText(), /手机号码/)
    assert.match(await dialog().locator('[data-test="draft-status"]').innerText(), /审核中/)
    // The editor is no reviewer of their own draft: no decision buttons.
    assert.equal(await dialog().locator('[data-test="draft-decide"]').count(), 0)
    await shot('a1-review-draft-hits-1280')
    await closeDraft()
    await logout()
  })

  step('初审 approves; 复审 returns it with a comment', async () => {
    await review(CHU, 'approve', '', 'a2-review-first-level-1280')
    // 复审 must give a reason to return.
    await login(FU.username, FU.password)
    await page.goto(`${h.baseUrl}/review/queue`)
    await openDraft(TITLE)
    await dialog().locator('[data-test="draft-return"]').click()
    await page.locator('.el-message--error', { hasText: '退回时请填写修改意见' }).waitFor()
    await field(dialog(), 'draft-comment').fill('个人手机号不宜公开，请改为单位电话')
    await dialog().locator('[data-test="draft-return"]').click()
    await dialog().locator('[data-test="draft-decide"]').waitFor({ state: 'detached' })
    assert.match(await dialog().locator('[data-test="draft-status"]').innerText(), /已退回修改/)
    await closeDraft()
    await logout()
  })

  step('the editor reads the comment, fixes the text and resubmits', async () => {
    await login(EDITOR.username, EDITOR.password)
    await page.goto(`${h.baseUrl}/review/drafts`)
    await openDraft(TITLE)
    assert.match(await dialog().locator('[data-test="draft-steps"]').innerText(), /个人手机号不宜公开/)
    await field(dialog(), 'draft-edit-text').fill(FIXED)
    await dialog().locator('[data-test="draft-resubmit-save"]').click()
    await dialog().locator('[data-test="draft-resubmit"]').waitFor({ state: 'detached' })
    assert.match(await dialog().locator('[data-test="draft-status"]').innerText(), /审核中/)
    assert.equal(await dialog().locator('[data-test="mark-hit"]').count(), 0)
    await closeDraft()
    await logout()
  })

  step('three levels approve in turn and the approved text is recorded with its SHA-256', async () => {
    await review(CHU, 'approve', '同意')
    await review(FU, 'approve', '已改正')
    await page.setViewportSize({ width: 390, height: 844 })
    await review(ZHONG, 'approve', '同意发布', 'a3-review-final-level-390')
    await page.setViewportSize({ width: 1440, height: 900 })
    await login(EDITOR.username, EDITOR.password)
    await page.goto(`${h.baseUrl}/review/drafts`)
    await openDraft(TITLE)
    assert.match(await dialog().locator('[data-test="draft-status"]').innerText(), /审核通过/)
    const sha = crypto.createHash('sha256').update(FIXED, 'utf8').digest('hex')
    assert.equal(await dialog().locator('[data-test="draft-sha"]').innerText(), sha)
    const steps = await dialog().locator('[data-test="draft-steps"]').innerText()
    for (const s of ['初审通过', '复审退回', '修改后重新提交', '终审通过']) assert.ok(steps.includes(s), `${s} in ${steps}`)
    await shot('a4-review-approved-1440')
    await closeDraft()
  })

  step('a post published with another date is shown beside its draft with the change marked', async () => {
    const at = new Date(Date.now() + 60000).toISOString().replace(/\.\d+Z$/, 'Z')
    const changed = FIXED.replace('10月25日', '10月26日')
    const res = await fetch(`${h.baseUrl}/api/ingest/posts`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ posts: [{ account_id: accountId, id: 'zp-review-1', published_at: at, text: `#张浦征兵# ${changed}` }] }),
    })
    assert.equal(res.status, 200, await res.text())
    await page.goto(`${h.baseUrl}/review/posts`)
    const row = page.locator('[data-test="review-posts-table"] .el-table__body tr').first()
    await row.waitFor()
    assert.match(await row.innerText(), /发布内容与审核稿不一致/)
    await row.locator('[data-test="review-compare"]').click()
    const cmp = page.locator('[data-test="review-compare-dialog"]')
    await cmp.locator('[data-test="review-post-side"]').waitFor()
    await settled()
    assert.equal(await cmp.locator('[data-test="review-post-side"] [data-test="mark-material"]').first().innerText(), '6')
    assert.equal(await cmp.locator('[data-test="review-draft-side"] [data-test="mark-material"]').first().innerText(), '5')
    await shot('a5-review-compare-1440')
    await page.setViewportSize({ width: 390, height: 844 })
    await shot('a5-review-compare-390')
    await page.setViewportSize({ width: 1280, height: 800 })
    await shot('a5-review-compare-1280')
  })
})
