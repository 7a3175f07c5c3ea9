// Dates are shown and sent as YYYY-MM-DD. The platform works on Beijing time (UTC+8, no DST),
// as the server does, whatever the browser's time zone.
const BEIJING_OFFSET_MS = 8 * 3600 * 1000

function pad(n) {
  return String(n).padStart(2, '0')
}

function beijingParts(d) {
  const b = new Date(d.getTime() + BEIJING_OFFSET_MS)
  return {
    date: `${b.getUTCFullYear()}-${pad(b.getUTCMonth() + 1)}-${pad(b.getUTCDate())}`,
    time: `${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}:${pad(b.getUTCSeconds())}`,
  }
}

// Today's date in Beijing.
export function today() {
  return beijingParts(new Date()).date
}

export function fmtDate(v) {
  if (!v) return ''
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v
  const d = new Date(v)
  if (Number.isNaN(d.getTime())) return String(v)
  return beijingParts(d).date
}

// An RFC 3339 time shown as Beijing time.
export function fmtDateTime(v) {
  if (!v) return ''
  const d = new Date(v)
  if (Number.isNaN(d.getTime())) return String(v)
  const p = beijingParts(d)
  return `${p.date} ${p.time}`
}

// The current Beijing wall-clock time as "YYYY-MM-DDTHH:mm:ss" (no offset), for date-time pickers
// bound with value-format "YYYY-MM-DDTHH:mm:ss": the picker then shows Beijing time whatever the
// browser's time zone.
export function nowBeijingLocal() {
  const p = beijingParts(new Date())
  return `${p.date}T${p.time}`
}

// A Beijing wall-clock "YYYY-MM-DDTHH:mm[:ss]" as RFC 3339 with +08:00.
export function beijingLocalToRfc3339(v) {
  if (!v) return ''
  const s = String(v).trim().replace(' ', 'T')
  if (/([+-]\d{2}:\d{2}|Z)$/.test(s)) return s
  return `${/T\d{2}:\d{2}$/.test(s) ? `${s}:00` : s}+08:00`
}

// This year in Beijing.
export function currentYear() {
  return Number(today().slice(0, 4))
}

// This quarter (1–4) in Beijing.
export function currentQuarter() {
  return Math.floor((Number(today().slice(5, 7)) - 1) / 3) + 1
}

// "2024-11-05" as 2024年11月5日 (the date line of an official document).
export function fmtChineseDate(v) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(fmtDate(v))
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : ''
}
