import { get, post, asList } from './http'

export const listInspections = async (params) => asList(await get('/api/inspections', params))
export const getInspection = (id) => get(`/api/inspections/${id}`)
export const createInspection = (body) => post('/api/inspections', body)
export const addFinding = (inspectionId, body) => post(`/api/inspections/${inspectionId}/findings`, body)
export const withdrawFinding = (findingId, reason) => post(`/api/findings/${findingId}/withdraw`, { reason })
export const uploadScreenshot = (findingId, filename, contentBase64) =>
  post(`/api/findings/${findingId}/screenshots`, { filename, content_base64: contentBase64 })
export const dismissDerived = (inspectionId, indicator, reason) =>
  post(`/api/inspections/${inspectionId}/dismissals`, { indicator, reason })
export const withdrawDismissal = (dismissalId) => post(`/api/dismissals/${dismissalId}/withdraw`, {})
export const closeInspection = (id) => post(`/api/inspections/${id}/close`, {})
export const rescoreInspection = (id, setRowId) => post(`/api/inspections/${id}/rescore`, { indicator_set: setRowId })

// The image bytes, for <img src>; the session cookie goes along (same origin).
export const screenshotUrl = (id) => `/api/screenshots/${id}`
