// Chinese labels of the audit log (审计日志). The labels themselves live in one data file,
// data/audit_labels.json, which the server compiles in for the XLSX export (src/app/audit_labels.h)
// and this module imports, so page and export say the same words. ADD NEW ACTION CODES, OBJECT
// TYPES, FIELDS AND VALUES THERE, not here (tests/browser/audit-labels.test.mjs checks every code
// the server writes against that file). An unknown code falls back to itself.
import labels from '../../../data/audit_labels.json' with { type: 'json' }
import { FALLBACK_INSPECTION_NAMES } from './scoring.js'

export const AUDIT_ACTIONS = labels.actions
export const AUDIT_ENTITIES = labels.entities
// Keys of the before/after JSON (top level, and the objects inside them), in the order a change is told.
export const AUDIT_FIELDS = labels.fields
// Writers that are not people.
export const AUDIT_ACTORS = labels.actors

export const auditActionLabel = (code) => AUDIT_ACTIONS[code] || code || ''
export const auditEntityLabel = (code) => AUDIT_ENTITIES[code] || code || ''
export const auditActorLabel = (name) => AUDIT_ACTORS[name] || name || ''
// Keys that mean something else in one kind of object come first.
export const auditFieldLabel = (key, entity = '') => labels.fields_by_entity[entity]?.[key] || AUDIT_FIELDS[key] || key

// The contacts of an account (附件4): a person's name, post and phone.
export const PERSON_FIELDS = new Set(labels.person_keys)
export const personFieldLabel = (key) => labels.person_fields[key] || auditFieldLabel(key)

// The label of a value of field `key` in a row about `entity`; `platformLabel` (the meta store's)
// names platforms. The same word means different things in different objects (an account's "open"
// is 已开设, a rectification's 待整改), so values go by object type first, then by field.
// Values that are not codes come back unchanged.
export function auditValueLabel(entity, key, value, platformLabel = (v) => v) {
  if (typeof value !== 'string') return value
  if (key === 'platform') return platformLabel(value)
  if (key === 'indicator') return FALLBACK_INSPECTION_NAMES[value] || value
  const field = key === 'state' ? 'status' : key
  return labels.values_by_entity[entity]?.[field]?.[value] || labels.values_by_field[field]?.[value] || value
}

// The actions offered in the filter, in the order of the file.
export const AUDIT_ACTION_OPTIONS = Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label }))
export const AUDIT_ENTITY_OPTIONS = Object.entries(AUDIT_ENTITIES).map(([value, label]) => ({ value, label }))
