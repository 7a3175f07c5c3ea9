import { get, post, patch, asList } from './http'

export const listAccounts = async (params) => asList(await get('/api/accounts', params))
export const getAccount = (id) => get(`/api/accounts/${id}`)
export const createAccount = (body) => post('/api/accounts', body)
export const updateAccount = (id, body) => patch(`/api/accounts/${id}`, body)
export const reapply = (id, reason) => post(`/api/accounts/${id}/apply`, { reason })
export const decide = (id, decision, note) => post(`/api/accounts/${id}/decision`, { decision, note })
export const fileStep = (id, body) => post(`/api/accounts/${id}/filings`, body)
