import { get, patch, post } from './http'

// 安全台账: an account's security ledger, its handovers, the unit's emergency plan and the warnings.
// The bound phone and e-mail (and the plan's contact) come masked outside the unit; the
// */contacts and */contact routes reveal them (each look by the city office audited).
export const getLedger = (accountId) => get(`/api/accounts/${accountId}/security`)
export const saveLedger = (accountId, body) => patch(`/api/accounts/${accountId}/security`, body)
export const revealLedgerContacts = (accountId) => get(`/api/accounts/${accountId}/security/contacts`)
export const recordHandover = (accountId, body) => post(`/api/accounts/${accountId}/security/handovers`, body)
export const getPlan = (unitId) => get(`/api/units/${unitId}/emergency-plan`)
export const savePlan = (unitId, body) => patch(`/api/units/${unitId}/emergency-plan`, body)
export const uploadPlanDocument = (unitId, body) => post(`/api/units/${unitId}/emergency-plan/document`, body)
export const planDocumentUrl = (unitId) => `/api/units/${unitId}/emergency-plan/document`
export const revealPlanContact = (unitId) => get(`/api/units/${unitId}/emergency-plan/contact`)
export const listSecurityWarnings = (params) => get('/api/security/warnings', params)
