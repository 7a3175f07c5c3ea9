import { get } from './http'

export const getDashboard = () => get('/api/dashboard')
