import { get, post } from './http'

// 数据造假: the detector's anomalies, the inspectors' decisions, the office's documents, an account's series.
export const listAnomalies = (params) => get('/api/engagement/anomalies', params)
export const getAnomaly = (id) => get(`/api/engagement/anomalies/${id}`)
export const decideAnomaly = (id, decision, reason) => post(`/api/engagement/anomalies/${id}/decision`, { decision, reason })
export const detectEngagement = (accountId) => post('/api/engagement/detect', accountId ? { account_id: accountId } : {})
export const recordDocument = (body) => post('/api/engagement/documents', body)
export const getEngagementSeries = (accountId) => get(`/api/accounts/${accountId}/engagement`)
