import { defineStore } from 'pinia'
import { getIndicatorSet, listIndicatorSets } from '../api/indicatorSets'
import { FALLBACK_INSPECTION_INDICATORS } from '../utils/labels'

// Indicator set versions and their bodies, cached for the pages that need names of indicators.
export const useIndicatorStore = defineStore('indicators', {
  state: () => ({ versions: null, bodies: {} }),
  getters: {
    current: (s) => (s.versions || []).find((v) => v.current) || (s.versions || [])[0] || null,
  },
  actions: {
    async loadVersions(force = false) {
      if (!this.versions || force) this.versions = (await listIndicatorSets()).items
      return this.versions
    },
    // The version row with its body (GET /api/indicator-sets/{id}).
    async version(rowId) {
      if (!this.bodies[rowId]) this.bodies[rowId] = await getIndicatorSet(rowId)
      return this.bodies[rowId]
    },
    async currentBody() {
      await this.loadVersions()
      return this.current ? (await this.version(this.current.id)).body : null
    },
    // The body of the version a result was computed with: the given row, else the current version
    // when it is the same set, else null.
    async bodyFor(rowId, setId) {
      try {
        if (rowId) return (await this.version(rowId)).body
        const body = await this.currentBody()
        return !setId || (body && body.id === setId) ? body : null
      } catch {
        return null
      }
    },
    // The inspection indicators (附件2) of the current version: [{ id, name, veto }]; the built-in
    // kunshan-2019 list when the current version cannot be read.
    async inspectionIndicators() {
      try {
        const list = (await this.currentBody())?.inspection?.indicators
        if (list && list.length) return list
      } catch {
        /* fall back */
      }
      return FALLBACK_INSPECTION_INDICATORS
    },
    invalidate() {
      this.versions = null
    },
  },
})
