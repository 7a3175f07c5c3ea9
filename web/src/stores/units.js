import { defineStore } from 'pinia'
import { listUnits } from '../api/units'

// The units in service, cached for the filters of the list pages.
export const useUnitsStore = defineStore('units', {
  state: () => ({ items: null, pending: null }),
  actions: {
    async load() {
      if (this.items) return this.items
      if (!this.pending) {
        this.pending = listUnits()
          .then((res) => (this.items = res.items))
          .finally(() => (this.pending = null))
      }
      return this.pending
    },
    invalidate() {
      this.items = null
    },
  },
})
