import { get, post, put, patch, asList } from './http'

// The quarterly supervision loop (监管闭环): self-inspection coverage, quarterly reports, the city's
// spot-check rounds, the notices that publish their results and the rectifications they ask for.

// --- 季度自查: coverage per unit; the units are also given as `items` for the list pages.
export async function getSelfInspections(params) {
  const data = await get('/api/self-inspections', params)
  return { ...data, items: data?.units || [], total: data?.units?.length || 0 }
}

// --- 季度报告
export const listReports = (params) => get('/api/reports', params)
export const getReport = (id) => get(`/api/reports/${id}`)
export const saveReport = (body) => put('/api/reports', body)
export const submitReport = (id) => post(`/api/reports/${id}/submit`, {})
export const uploadReportAttachment = (id, filename, contentBase64) =>
  post(`/api/reports/${id}/attachments`, { filename, content_base64: contentBase64 })
export const reportAttachmentUrl = (id) => `/api/report-attachments/${id}`

// --- 抽查轮次
export const listSpotRounds = async (params) => asList(await get('/api/spot-rounds', params))
export const getSpotRound = (id) => get(`/api/spot-rounds/${id}`)
export const createSpotRound = (body) => post('/api/spot-rounds', body)
export const addSpotRoundItem = (id, accountId) => post(`/api/spot-rounds/${id}/items`, { account_id: accountId })
export const assignSpotRoundItems = (id, itemIds, inspector) =>
  post(`/api/spot-rounds/${id}/assign`, { item_ids: itemIds, inspector })
export const openSpotItemInspection = (itemId) => post(`/api/spot-round-items/${itemId}/inspection`, {})
// 我的待检: the person's assigned round items not yet inspected ({items, total, done}).
export const listMyInspections = () => get('/api/my-inspections')
export const finishSpotRound = (id) => post(`/api/spot-rounds/${id}/finish`, {})
export const createNotice = (roundId, body) => post(`/api/spot-rounds/${roundId}/notice`, body)

// --- 通报
export const listNotices = async (params) => asList(await get('/api/notices', params))
export const getNotice = (id) => get(`/api/notices/${id}`)
// A published notice, without login (the public print page).
export const getPublicNotice = (id) => get(`/api/public/notices/${id}`, undefined, { quiet401: true })
// A draft's title and 文号 (editable until published).
export const editNotice = (id, body) => patch(`/api/notices/${id}`, body)
export const publishNotice = (id, publishedOn) => post(`/api/notices/${id}/publish`, { published_on: publishedOn })
export const noticeExportUrl = (id) => `/api/notices/${id}/export`
// The signed evidence package (证据包) of a published notice; `govmedia verify` checks it offline.
export const noticeEvidenceUrl = (id) => `/api/notices/${id}/evidence`

// --- 整改
export const listRectifications = (params) => get('/api/rectifications', params)
export const answerRectification = (id, body) => post(`/api/rectifications/${id}/answer`, body)
export const reviewRectification = (id, decision, note) => post(`/api/rectifications/${id}/review`, { decision, note })
export const uploadRectificationImage = (id, filename, contentBase64) =>
  post(`/api/rectifications/${id}/images`, { filename, content_base64: contentBase64 })
// 佐证图片 of a rectification or a closure notice, shown inline.
export const evidenceImageUrl = (id) => `/api/evidence-images/${id}`

// --- 清理整合: groups of similar accounts of a unit on one platform, confirmed or rejected by the office.
export const listConsolidation = (params) => get('/api/consolidation', params)
export const decideConsolidation = (key, decision, note) => post('/api/consolidation/decide', { key, decision, note })

// --- 已报关停未关停: closures filed in the year whose account has no closure notice or still posts.
export const listClosuresNotDone = (params) => get('/api/closures-not-done', params)

// --- 应纳入未纳入: accounts found outside the register.
export const listUnregistered = (params) => get('/api/unregistered-accounts', params)
export const reportUnregistered = (body) => post('/api/unregistered-accounts', body)
export const resolveUnregistered = (id, status, note) => post(`/api/unregistered-accounts/${id}/resolve`, { status, note })
