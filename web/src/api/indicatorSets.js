import { get, post, asList } from './http'

export const listIndicatorSets = async () => asList(await get('/api/indicator-sets', { page_size: 500 }))
export const getIndicatorSet = (id) => get(`/api/indicator-sets/${id}`)
export const publishIndicatorSet = (body, note) => post('/api/indicator-sets', { body, note })
