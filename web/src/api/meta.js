import { get } from './http'

export const getMeta = () => get('/api/meta', undefined, { quiet401: true })
export const getCalendar = () => get('/api/calendar')
