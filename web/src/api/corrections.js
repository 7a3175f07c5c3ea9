import { get, patch, post } from './http'

// 纠错入口, the public face (no session): the form with its challenge, filing, and the status page.
export const getCorrectionForm = () => get('/api/public/correction-form')
export const fileCorrection = (body) => post('/api/public/corrections', body)
export const getCorrectionStatus = (ticket, code) =>
  get(`/api/public/corrections/${encodeURIComponent(ticket)}`, { code })

// 网民纠错, handled by the unit (and the city office): list, one report, the three decisions, figures.
export const listCorrections = (params) => get('/api/corrections', params)
export const getCorrection = (id) => get(`/api/corrections/${id}`)
export const acceptCorrection = (id) => post(`/api/corrections/${id}/accept`, {})
export const rejectCorrection = (id, reason) => post(`/api/corrections/${id}/reject`, { reason })
export const answerCorrection = (id, answer, qaEntryId) =>
  post(`/api/corrections/${id}/answer`, qaEntryId ? { answer, qa_entry_id: qaEntryId } : { answer })
export const getCorrectionFigures = (year) => get('/api/corrections/figures', { year })

// 咨询答问库: entries of the unit and the city, searched by text; 复核; suggestions for a correction.
export const listQaEntries = (params) => get('/api/qa-entries', params)
export const createQaEntry = (body) => post('/api/qa-entries', body)
export const updateQaEntry = (id, body) => patch(`/api/qa-entries/${id}`, body)
export const reviewQaEntry = (id) => post(`/api/qa-entries/${id}/review`, {})
export const suggestQaEntries = (correctionId) => get('/api/qa-entries/suggest', { correction_id: correctionId })

// 联动发声: the city office's repost tasks and who published the article.
export const listRepostTasks = () => get('/api/repost-tasks')
export const createRepostTask = (body) => post('/api/repost-tasks', body)

// 网民诉求 (限时办理): found in comments, entered by the unit or pushed; replies, kind, dismissal, figures.
export const listRequests = (params) => get('/api/netizen-requests', params)
export const getRequest = (id) => get(`/api/netizen-requests/${id}`)
export const createRequest = (body) => post('/api/netizen-requests', body)
export const replyRequest = (id, body) => post(`/api/netizen-requests/${id}/reply`, body)
export const dismissRequest = (id, reason) => post(`/api/netizen-requests/${id}/dismiss`, { reason })
export const setRequestKind = (id, kind) => patch(`/api/netizen-requests/${id}`, { kind })
export const getRequestFigures = (year) => get('/api/netizen-requests/figures', { year })
export const suggestQaForRequest = (requestId) => get('/api/qa-entries/suggest', { request_id: requestId })
