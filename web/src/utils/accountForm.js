// Conversion between the Account record (API shape) and the form model the pages edit.

export const PERSON_ROLES = [
  { key: 'main_leader', label: '主要领导' },
  { key: 'deputy_leader', label: '分管领导' },
  { key: 'chief_editor', label: '总编辑' },
]

// Record fields that POST/PATCH /api/accounts accept (the 附件4 fields plus the extra ones).
export const RECORD_FIELDS = [
  'name',
  'unit_id',
  'positioning',
  'url',
  'platform',
  'main_leader',
  'deputy_leader',
  'chief_editor',
  'staff',
  'managing_office',
  'app_download_urls',
  'service_urls',
  'feed_urls',
  'opened_on',
  'internal_body',
  'internal_body_name',
  'certification',
  'interaction_enabled',
  'publishes_news',
  'news_license_number',
  'news_license_holder',
  'news_license_valid_to',
]

const emptyPerson = () => ({ name: '', title: '', phone: '' })

function person(p) {
  return { name: p?.name ?? '', title: p?.title ?? '', phone: p?.phone ?? '' }
}

function isEmptyPerson(p) {
  return !p.name.trim() && !p.title.trim() && !p.phone.trim()
}

function lines(text) {
  return String(text || '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean)
}

export function emptyForm() {
  return {
    name: '',
    unit_id: null,
    positioning: '',
    url: '',
    platform: '',
    main_leader: emptyPerson(),
    deputy_leader: emptyPerson(),
    chief_editor: emptyPerson(),
    staff: [emptyPerson(), emptyPerson()],
    managing_office: '',
    app_download_urls_text: '',
    service_urls_text: '',
    feed_urls_text: '',
    opened_on: '',
    internal_body: false,
    internal_body_name: '',
    certification: '',
    interaction_enabled: true,
    publishes_news: false,
    news_license_number: '',
    news_license_holder: '',
    news_license_valid_to: '',
  }
}

export function formFromAccount(a) {
  const staff = (a.staff || []).map(person)
  while (staff.length < 2) staff.push(emptyPerson())
  return {
    name: a.name ?? '',
    unit_id: a.unit_id ?? null,
    positioning: a.positioning ?? '',
    url: a.url ?? '',
    platform: a.platform ?? '',
    main_leader: person(a.main_leader),
    deputy_leader: person(a.deputy_leader),
    chief_editor: person(a.chief_editor),
    staff,
    managing_office: a.managing_office ?? '',
    app_download_urls_text: (a.app_download_urls || []).join('\n'),
    service_urls_text: (a.service_urls || []).join('\n'),
    feed_urls_text: (a.feed_urls || []).join('\n'),
    opened_on: a.opened_on ?? '',
    internal_body: !!a.internal_body,
    internal_body_name: a.internal_body_name ?? '',
    certification: a.certification ?? '',
    interaction_enabled: a.interaction_enabled ?? true,
    publishes_news: !!a.publishes_news,
    news_license_number: a.news_license_number ?? '',
    news_license_holder: a.news_license_holder ?? '',
    news_license_valid_to: a.news_license_valid_to ?? '',
  }
}

// Returns { record, staffIndex } where staffIndex[i] is the form row of record.staff[i]
// (fully empty staff rows are not sent).
export function recordFromForm(f) {
  const staffIndex = []
  const staff = []
  f.staff.forEach((p, i) => {
    const q = person(p)
    if (!isEmptyPerson(q)) {
      staff.push(q)
      staffIndex.push(i)
    }
  })
  const record = {
    name: f.name.trim(),
    unit_id: f.unit_id,
    positioning: f.positioning,
    url: f.url.trim(),
    platform: f.platform,
    main_leader: person(f.main_leader),
    deputy_leader: person(f.deputy_leader),
    chief_editor: person(f.chief_editor),
    staff,
    managing_office: f.managing_office,
    app_download_urls: lines(f.app_download_urls_text),
    service_urls: lines(f.service_urls_text),
    feed_urls: lines(f.feed_urls_text),
    opened_on: f.opened_on || null,
    internal_body: !!f.internal_body,
    internal_body_name: f.internal_body ? f.internal_body_name : '',
    certification: f.certification,
    interaction_enabled: !!f.interaction_enabled,
    // The licence is kept as entered even when the switch is off, so turning it back on loses nothing.
    publishes_news: !!f.publishes_news,
    news_license_number: (f.news_license_number || '').trim(),
    news_license_holder: (f.news_license_holder || '').trim(),
    news_license_valid_to: f.news_license_valid_to || null,
  }
  return { record, staffIndex }
}

// Only the fields of `record` that differ from the Account `base` (both normalised the same way).
export function diffRecord(record, base) {
  const b = recordFromForm(formFromAccount(base)).record
  const out = {}
  for (const k of RECORD_FIELDS) {
    if (JSON.stringify(record[k]) !== JSON.stringify(b[k])) out[k] = record[k]
  }
  return out
}

// Maps a server field path back to the form (staff indices shift when empty rows are skipped).
export function formFieldPath(field, staffIndex) {
  if (!field) return field
  let f = String(field).replace(/^changes\./, '')
  f = f.replace(/^staff\[(\d+)\]/, (m, i) => `staff[${staffIndex[Number(i)] ?? i}]`)
  return f
}

// All field paths the form shows, so errors can be placed on the nearest one.
export function knownFieldPaths(f, extra = []) {
  const s = new Set([...RECORD_FIELDS, ...extra])
  for (const r of PERSON_ROLES) for (const p of ['name', 'title', 'phone']) s.add(`${r.key}.${p}`)
  f.staff.forEach((_, i) => {
    s.add(`staff[${i}]`)
    for (const p of ['name', 'title', 'phone']) s.add(`staff[${i}].${p}`)
  })
  return s
}
