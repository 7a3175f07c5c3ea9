import { get, post, asList } from './http'

export const listFilings = async (params) => asList(await get('/api/filings', params))
export const forwardFiling = (id, forwardedOn) =>
  post(`/api/filings/${id}/forward`, forwardedOn ? { forwarded_on: forwardedOn } : {})
