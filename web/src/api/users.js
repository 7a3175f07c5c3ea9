import { get, post, patch, asList } from './http'

export const listUsers = async (params) => asList(await get('/api/users', params))
export const createUser = (body) => post('/api/users', body)
export const unlockUser = (id) => post(`/api/users/${id}/unlock`, {})
// The city office edits a login (role, unit, disabled) or sets a new password for it.
export const updateUser = (id, body) => patch(`/api/users/${id}`, body)
export const resetUserPassword = (id, password) => post(`/api/users/${id}/password`, { password })
