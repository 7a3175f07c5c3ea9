import { defineStore } from 'pinia'
import { listAlerts } from '../api/alerts'

// Roles the server lets see and work alerts (告警).
export const ALERT_ROLES = ['city_admin', 'duty_officer']

// The count of new (待处理) alerts, for the menu badge.
export const useAlertsStore = defineStore('alerts', {
  state: () => ({ newCount: 0 }),
  actions: {
    async refresh() {
      try {
        this.newCount = (await listAlerts({ status: 'new' })).total
      } catch {
        // Keep the last count; the page itself shows errors.
      }
    },
  },
})
