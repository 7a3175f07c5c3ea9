// The one place that turns values into HTML text. Vue's {{ }} escapes by itself; this is for the
// few places that build an HTML string by hand (ECharts tooltip formatters). Every value that goes
// into such a string passes through escapeHtml, constants included, so a unit name such as
// `<img src=x onerror=…>` shows as text.
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' }

export function escapeHtml(value) {
  if (value === null || value === undefined) return ''
  return String(value).replace(/[&<>"'`]/g, (c) => ENTITIES[c])
}

// Tooltip lines: each line escaped, joined with <br/>.
export function htmlLines(...lines) {
  return lines.map(escapeHtml).join('<br/>')
}
