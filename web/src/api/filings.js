import { get, post, asList } from './http'

export const listFilings = async (params) => asList(await get('/api/filings', params))
export const forwardFiling = (id, forwardedOn) =>
  post(`/api/filings/${id}/forward`, forwardedOn ? { forwarded_on: forwardedOn } : {})
// 批量报送: {done, failed: [{id, message}]}.
export const forwardFilings = (ids, forwardedOn) =>
  post('/api/filings/forward', forwardedOn ? { filing_ids: ids, forwarded_on: forwardedOn } : { filing_ids: ids })
