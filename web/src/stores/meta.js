import { defineStore } from 'pinia'
import { getMeta } from '../api/meta'
import { FALLBACK_META } from '../utils/labels'

function normalize(list) {
  if (!Array.isArray(list)) return null
  return list
    .map((x) => (typeof x === 'string' ? { value: x, label: x } : { value: x.value ?? x.code ?? x.id, label: x.label ?? x.name ?? x.value }))
    .filter((x) => x.value !== undefined)
}

export const useMetaStore = defineStore('meta', {
  state: () => ({ ...FALLBACK_META, loaded: false }),
  getters: {
    platformLabel: (s) => (v) => s.platforms.find((x) => x.value === v)?.label ?? v ?? '',
    statusLabel: (s) => (v) => s.statuses.find((x) => x.value === v)?.label ?? v ?? '',
    roleLabel: (s) => (v) => s.roles.find((x) => x.value === v)?.label ?? v ?? '',
    kindLabel: (s) => (v) => s.filing_kinds.find((x) => x.value === v)?.label ?? v ?? '',
    categoryLabel: (s) => (v) => s.categories.find((x) => x.value === v)?.label ?? v ?? '',
  },
  actions: {
    async load() {
      if (this.loaded) return
      try {
        const m = await getMeta()
        for (const key of ['platforms', 'statuses', 'categories', 'roles', 'filing_kinds']) {
          const list = normalize(m && (m[key] ?? (key === 'filing_kinds' ? m.filingKinds : undefined)))
          if (list && list.length) this[key] = list
        }
        this.loaded = true
      } catch {
        // Keep the built-in labels.
      }
    },
  },
})
