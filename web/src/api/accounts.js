import { get, post, patch, asList } from './http'

export const listAccounts = async (params) => asList(await get('/api/accounts', params))
export const getAccount = (id) => get(`/api/accounts/${id}`)
export const createAccount = (body) => post('/api/accounts', body)
export const updateAccount = (id, body) => patch(`/api/accounts/${id}`, body)
export const reapply = (id, reason) => post(`/api/accounts/${id}/apply`, { reason })
export const decide = (id, decision, note) => post(`/api/accounts/${id}/decision`, { decision, note })
export const fileStep = (id, body) => post(`/api/accounts/${id}/filings`, body)
// A screenshot of the closure notice (停更公告), uploaded before the close filing that cites its id.
export const uploadClosureImage = (id, filename, contentBase64) =>
  post(`/api/accounts/${id}/closure-images`, { filename, content_base64: contentBase64 })

// The registry as a spreadsheet (contracts/registry-import.md). Plain links download the XLSX with
// the session cookie; the export takes the list's filters.
export const accountsExportUrl = (params) => {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '' || v === false) continue
    q.append(k, String(v))
  }
  const s = q.toString()
  return `/api/accounts/export${s ? `?${s}` : ''}`
}
export const accountsImportTemplateUrl = '/api/accounts/import-template'
// Answers the report; bad rows throw an ApiError (422) whose data holds the same report.
export const importAccounts = (filename, contentBase64, dryRun = false) =>
  post('/api/accounts/import', { filename, content_base64: contentBase64, dry_run: dryRun })
// Contact numbers unmasked for someone who needs them now (the duty officer while the unit has an
// open alert); every look is audited.
export const getAccountContacts = (id) => get(`/api/accounts/${id}/contacts`)
