import { QUARTERS } from '../../utils/labels'

// Pieces shared by the home page's supervision charts.

// The category axis of the four quarters.
export const quarterAxis = () => ({ type: 'category', data: QUARTERS.map((q) => q.label) })

// A rate 0–1 as a percentage with one decimal (null stays null: no point drawn).
export const pct = (r) => (r === null || r === undefined ? null : Math.round(r * 1000) / 10)

// Assessment rows by rank, the unranked last (then by score).
export const byRank = (rows) =>
  [...(rows || [])].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || (b.score ?? -1) - (a.score ?? -1))
