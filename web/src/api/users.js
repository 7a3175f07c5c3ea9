import { get, post, asList } from './http'

export const listUsers = async (params) => asList(await get('/api/users', params))
export const createUser = (body) => post('/api/users', body)
export const unlockUser = (id) => post(`/api/users/${id}/unlock`, {})
