import { get, post, asList } from './http'

// 我的报表: reports built in the background (a `report.build` job) for the person who asked.
// body: { kind: 'assessment', year } → the report, status 'queued'.
export const generateReport = (body) => post('/api/generated-reports', body)
export const listGeneratedReports = async () => asList(await get('/api/generated-reports'))
// A plain link: the browser downloads the file with the session cookie.
export const generatedReportUrl = (id) => `/api/generated-reports/${encodeURIComponent(id)}/file`
