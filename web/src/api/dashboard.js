import { get, asList } from './http'

export const getDashboard = () => get('/api/dashboard')
// The supervision loop of a year at a glance (a unit's operator gets the own unit's figures and tasks).
export const getSupervisionDashboard = (year) => get('/api/dashboard/supervision', { year })
// 我的任务: the person's own tasks, built from the records (overdue first).
export const getMyTasks = async () => asList(await get('/api/my-tasks'))
