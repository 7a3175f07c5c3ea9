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

// Splits a text into pieces for several kinds of ranges at once, e.g. the matches of a search query
// and the lexicon hits: layers is [{ kind, ranges: [{start, end}] }], earlier layers win where
// ranges overlap. Offsets are code points, as in hitSegments. Each piece is { text, kind } with
// kind null for plain text; consecutive code points of the same kind form one piece.
export function layeredSegments(text, layers) {
  const chars = Array.from(text || '')
  const n = chars.length
  const kinds = new Array(n).fill(null)
  for (let li = (layers || []).length - 1; li >= 0; li--) {
    const { kind, ranges } = layers[li]
    for (const r of ranges || []) {
      const s = Math.max(0, Math.min(n, Number(r.start)))
      const e = Math.max(0, Math.min(n, Number(r.end)))
      if (!Number.isFinite(s) || !Number.isFinite(e)) continue
      for (let i = s; i < e; i++) kinds[i] = kind
    }
  }
  const out = []
  let i = 0
  while (i < n) {
    let j = i + 1
    while (j < n && kinds[j] === kinds[i]) j++
    out.push({ text: chars.slice(i, j).join(''), kind: kinds[i] })
    i = j
  }
  return out
}
