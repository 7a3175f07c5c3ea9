import { get, patch, post } from './http'

// 稿源单位: the city office's list of approved source units, read by everyone.
export const listApprovedSources = (params) => get('/api/approved-sources', params)
export const createApprovedSource = (body) => post('/api/approved-sources', body)
export const updateApprovedSource = (id, body) => patch(`/api/approved-sources/${id}`, body)
export const deleteApprovedSource = (id) => post(`/api/approved-sources/${id}/delete`, {})
