// Splits a text into plain and highlighted pieces for the hits of a scan. Hit offsets are Unicode
// code points ([start, end), end exclusive), while JS strings are UTF-16: index by code point with
// Array.from. The pieces are rendered with {{ }} (escaped), never as HTML.
export function hitSegments(text, hits) {
  const chars = Array.from(text || '')
  const n = chars.length
  const ranges = (hits || [])
    .map((h) => [Math.max(0, Math.min(n, Number(h.start))), Math.max(0, Math.min(n, Number(h.end)))])
    .filter(([s, e]) => Number.isFinite(s) && Number.isFinite(e) && e > s)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
  // Overlapping or touching hits become one highlight.
  const merged = []
  for (const r of ranges) {
    const last = merged[merged.length - 1]
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
    else merged.push([...r])
  }
  const out = []
  let pos = 0
  for (const [s, e] of merged) {
    if (s > pos) out.push({ text: chars.slice(pos, s).join(''), mark: false })
    out.push({ text: chars.slice(s, e).join(''), mark: true })
    pos = e
  }
  if (pos < n) out.push({ text: chars.slice(pos).join(''), mark: false })
  return out
}
