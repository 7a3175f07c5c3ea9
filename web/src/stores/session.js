import { defineStore } from 'pinia'
import * as sessionApi from '../api/session'
import { setCsrfToken } from '../api/http'

export const useSessionStore = defineStore('session', {
  state: () => ({
    user: null,
    csrfToken: '',
    calendarWarning: null,
    loaded: false,
  }),
  getters: {
    loggedIn: (s) => !!s.user,
    role: (s) => (s.user ? s.user.role : null),
    isCityAdmin: (s) => !!s.user && s.user.role === 'city_admin',
    // Roles the server lets create/edit accounts and file lifecycle steps.
    canEditAccounts: (s) => !!s.user && ['city_admin', 'unit_operator'].includes(s.user.role),
    // Roles the server lets run city/higher inspections and rescore them.
    canInspect: (s) => !!s.user && ['city_admin', 'inspector'].includes(s.user.role),
    // Inspection kinds the server lets this role create: self for the unit's operator (and the city
    // office), city/higher for inspectors and the city office.
    inspectionKinds: (s) => {
      const r = s.user && s.user.role
      if (r === 'city_admin') return ['self', 'city', 'higher']
      if (r === 'inspector') return ['city', 'higher']
      if (r === 'unit_operator') return ['self']
      return []
    },
  },
  actions: {
    apply(data) {
      this.user = data.user || null
      this.csrfToken = data.csrf_token || ''
      if ('calendar_warning' in data) this.calendarWarning = data.calendar_warning || null
      setCsrfToken(this.csrfToken)
    },
    async load() {
      try {
        this.apply(await sessionApi.getSession())
      } catch (e) {
        if (e.status !== 401) throw e
        this.clear()
      } finally {
        this.loaded = true
      }
    },
    async login(username, password) {
      this.apply(await sessionApi.login(username, password))
      // The login answer has no calendar warning; the session answer does.
      try {
        this.apply(await sessionApi.getSession())
      } catch {
        /* keep the login answer */
      }
      this.loaded = true
    },
    async logout() {
      try {
        await sessionApi.logout()
      } finally {
        this.clear()
      }
    },
    clear() {
      this.user = null
      this.csrfToken = ''
      this.calendarWarning = null
      setCsrfToken('')
    },
  },
})
