import { ElMessage } from 'element-plus'

// Shows an API error as a toast; returns the error for chaining.
export function toastError(e) {
  ElMessage({ type: 'error', message: e && e.message ? e.message : String(e), grouping: true })
  return e
}

// Maps a server field path (e.g. "changes.staff[1].phone", "app_download_urls[0]") to the
// nearest field the form shows. `known` is a Set of shown paths.
export function resolveField(field, known) {
  if (!field) return null
  let f = String(field).replace(/^changes\./, '')
  for (;;) {
    if (known.has(f)) return f
    const trimmed = f.replace(/(\[\d+\]|\.[^.[\]]+)$/, '')
    if (trimmed === f || !trimmed) return null
    f = trimmed
  }
}
