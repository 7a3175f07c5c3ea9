import { get, post } from './http'

export const login = (username, password) =>
  post('/api/login', { username, password }, { quiet401: true })
export const logout = () => post('/api/logout', {}, { quiet401: true })
export const getSession = () => get('/api/session', undefined, { quiet401: true })
export const changePassword = (oldPassword, newPassword) =>
  post('/api/session/password', { old_password: oldPassword, new_password: newPassword })
