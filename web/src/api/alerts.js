import { get, post, asList } from './http'

// Alerts (告警): a post archived by the platform hit a veto-level lexicon category.
export const listAlerts = async (params) => asList(await get('/api/alerts', params))
export const acknowledgeAlert = (id) => post(`/api/alerts/${id}/acknowledge`, {})
export const handleAlert = (id, note) => post(`/api/alerts/${id}/handle`, { note })
export const forwardAlert = (id, department, note) => post(`/api/alerts/${id}/forward`, { department, note })
// 一键整改 (city office): a rectification of the account with the alert's evidence; the alert is handled.
export const rectifyAlert = (id) => post(`/api/alerts/${id}/rectification`, {})
// Stored lexicon hits with their level (alert, review), context and suggestion.
export const listScanHits = async (params) => asList(await get('/api/scan-hits', params))
// 批量确认: {done, failed: [{id, message}]}.
export const acknowledgeAlerts = (ids) => post('/api/alerts/acknowledge', { alert_ids: ids })
