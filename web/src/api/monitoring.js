import { get, post, put, asList } from './http'

// Freshness (更新监测): how long each account has been silent, by level.
export const getFreshness = (params) => get('/api/freshness', params)

// Availability (可用性监测) of the accounts' download and service URLs over IPv4 and IPv6.
export const listAvailability = async (params) => asList(await get('/api/availability', params))
export const listAvailabilityEvents = async (accountId) =>
  asList(await get('/api/availability/events', { account_id: accountId }))
export const runAvailabilityCheck = () => post('/api/availability/check', {})

// Thresholds of both monitors and the alert webhook (监测设置).
export const getMonitoringSettings = () => get('/api/settings/monitoring')
export const updateMonitoringSettings = (body) => put('/api/settings/monitoring', body)
// 催办: a reminder on the unit's home until the account publishes again (city office).
export const urgeAccount = (id, body) => post(`/api/accounts/${id}/urge`, body)
// 采集来源: every feed of the open accounts with its health and latest fetch.
export const listFeeds = async () => asList(await get('/api/feeds'))
// 推送接入: integrations that push posts and comments with a bearer token (shown once).
export const listIntegrations = async () => asList(await get('/api/integrations'))
export const createIntegration = (name) => post('/api/integrations', { name })
export const revokeIntegration = (id) => post(`/api/integrations/${id}/revoke`, {})
// 后台作业: every node's jobs by kind and status, and the failed ones (city office).
export const getJobs = () => get('/api/jobs')
// 立即执行: a round (feed.poll …) brought forward to now.
export const runScheduleNow = (name) => post(`/api/jobs/schedules/${encodeURIComponent(name)}/run`, {})
