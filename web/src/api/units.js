import { get, post, patch, asList } from './http'

export const listUnits = async (includeRetired = false) =>
  asList(await get('/api/units', { include_retired: includeRetired ? 'true' : '', page_size: 500 }))
export const createUnit = (body) => post('/api/units', body)
export const updateUnit = (id, body) => patch(`/api/units/${id}`, body)
export const unitHistory = async (id) => asList(await get(`/api/units/${id}/history`))
