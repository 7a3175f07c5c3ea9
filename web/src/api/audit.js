import { get, asList } from './http'

export const listAudit = async (params) => asList(await get('/api/audit', params))
