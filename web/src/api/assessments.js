import { get, post, patch } from './http'

export const listAssessments = (year) => get('/api/assessments', { year })
export const getAssessment = (unitId, year) => get(`/api/assessments/${unitId}`, { year })
export const updateAssessment = (unitId, year, inputs) => patch(`/api/assessments/${unitId}`, { year, ...inputs })
export const finalizeAssessments = (year) => post('/api/assessments/finalize', { year })

// A plain link: the browser downloads the XLSX with the session cookie.
export const assessmentExportUrl = (year) => `/api/assessments/export?year=${encodeURIComponent(year)}`
