import { createRouter, createWebHistory } from 'vue-router'
import { useSessionStore } from '../stores/session'

const CITY = ['city_admin']
const EDITORS = ['city_admin', 'unit_operator']
const ALERTS = ['city_admin', 'duty_officer']
// The menu group of the quarterly supervision loop.
const LOOP = { title: '监管闭环', icon: 'Operation' }
// The menu group of interaction with the public (互动回应).
const INTERACTION = { title: '互动回应', icon: 'ChatLineSquare' }
// The menu group of review before publication (先审后发).
const REVIEW = { title: '先审后发', icon: 'DocumentChecked' }
// The menu group of account security (安全台账: ledgers, handovers, emergency plans).
const SECURITY = { title: '账号安全', icon: 'Lock' }

// meta.roles: roles allowed to see the page (omitted = any logged-in user).
// meta.menu: shown in the left menu with this title.
// meta.badge: 'alerts' shows the count of new alerts next to the menu title.
// meta.group: { title, icon } puts the menu entry in a sub-menu (entries of a group stay together).
export const routes = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../views/login/LoginView.vue'),
    meta: { public: true, title: '登录' },
  },
  {
    path: '/print/accounts/:id',
    name: 'print-account',
    component: () => import('../views/print/PrintFilingForm.vue'),
    meta: { title: '备案登记表' },
  },
  {
    // Public: a published notice prints without login (a draft needs the office's session).
    path: '/print/notices/:id',
    name: 'print-notice',
    component: () => import('../views/print/PrintNotice.vue'),
    meta: { title: '通报', public: true },
  },
  {
    // Public: the correction entry (纠错入口) for netizens, with its status page by ticket and code.
    path: '/corrections',
    name: 'public-corrections',
    component: () => import('../views/public/PublicCorrectionsView.vue'),
    meta: { title: '政务新媒体纠错', public: true },
  },
  {
    path: '/',
    component: () => import('../components/AppLayout.vue'),
    children: [
      {
        path: '',
        name: 'home',
        component: () => import('../views/dashboard/DashboardView.vue'),
        meta: { title: '首页', menu: true, icon: 'HomeFilled' },
      },
      {
        path: 'units',
        name: 'units',
        component: () => import('../views/units/UnitsView.vue'),
        meta: { title: '单位', menu: true, icon: 'OfficeBuilding' },
      },
      {
        path: 'accounts',
        name: 'accounts',
        component: () => import('../views/accounts/AccountsView.vue'),
        meta: { title: '账号台账', menu: true, icon: 'Notebook' },
      },
      {
        path: 'accounts/new',
        name: 'account-new',
        component: () => import('../views/accounts/AccountFormView.vue'),
        meta: { title: '新建账号', roles: EDITORS, activeMenu: '/accounts' },
      },
      {
        path: 'accounts/:id/edit',
        name: 'account-edit',
        component: () => import('../views/accounts/AccountFormView.vue'),
        meta: { title: '编辑账号', roles: EDITORS, activeMenu: '/accounts' },
      },
      {
        path: 'accounts/:id',
        name: 'account-detail',
        component: () => import('../views/accounts/AccountDetailView.vue'),
        meta: { title: '账号详情', activeMenu: '/accounts' },
      },
      {
        path: 'filings',
        name: 'filings',
        component: () => import('../views/filings/FilingsView.vue'),
        meta: { title: '备案管理', menu: true, icon: 'Document' },
      },
      {
        path: 'inspections',
        name: 'inspections',
        component: () => import('../views/inspections/InspectionsView.vue'),
        meta: { title: '检查', menu: true, icon: 'DocumentChecked' },
      },
      {
        path: 'inspections/:id',
        name: 'inspection-detail',
        component: () => import('../views/inspections/InspectionDetailView.vue'),
        meta: { title: '检查表', activeMenu: '/inspections' },
      },
      {
        path: 'my-inspections',
        name: 'my-inspections',
        component: () => import('../views/inspections/MyInspectionsView.vue'),
        meta: { title: '我的待检', menu: true, icon: 'List', group: LOOP, roles: ['inspector'] },
      },
      {
        path: 'self-inspections',
        name: 'self-inspections',
        component: () => import('../views/supervision/SelfInspectionsView.vue'),
        meta: { title: '季度自查', menu: true, icon: 'Checked', group: LOOP },
      },
      {
        path: 'reports',
        name: 'reports',
        component: () => import('../views/supervision/ReportsView.vue'),
        meta: { title: '季度报告', menu: true, icon: 'Memo', group: LOOP },
      },
      {
        path: 'reports/:id',
        name: 'report-detail',
        component: () => import('../views/supervision/ReportDetailView.vue'),
        meta: { title: '季度报告', activeMenu: '/reports' },
      },
      {
        path: 'spot-rounds',
        name: 'spot-rounds',
        component: () => import('../views/supervision/SpotRoundsView.vue'),
        meta: { title: '抽查轮次', menu: true, icon: 'Aim', group: LOOP },
      },
      {
        path: 'spot-rounds/:id',
        name: 'spot-round-detail',
        component: () => import('../views/supervision/SpotRoundDetailView.vue'),
        meta: { title: '抽查轮次', activeMenu: '/spot-rounds' },
      },
      {
        path: 'notices',
        name: 'notices',
        component: () => import('../views/supervision/NoticesView.vue'),
        meta: { title: '通报', menu: true, icon: 'Promotion', group: LOOP },
      },
      {
        path: 'notices/:id',
        name: 'notice-detail',
        component: () => import('../views/supervision/NoticeDetailView.vue'),
        meta: { title: '通报', activeMenu: '/notices' },
      },
      {
        path: 'rectifications',
        name: 'rectifications',
        component: () => import('../views/supervision/RectificationsView.vue'),
        meta: { title: '整改', menu: true, icon: 'Finished', group: LOOP },
      },
      {
        // 清理整合 and the other checks of the supervision scope, one tab each (meta.tab).
        path: 'consolidation',
        name: 'consolidation',
        component: () => import('../views/supervision/ConsolidationView.vue'),
        meta: { title: '清理整合', menu: true, icon: 'CopyDocument', group: LOOP, tab: 'groups' },
      },
      {
        path: 'consolidation/closures',
        name: 'closures-not-done',
        component: () => import('../views/supervision/ConsolidationView.vue'),
        meta: { title: '已报关停未关停', activeMenu: '/consolidation', tab: 'closures' },
      },
      {
        path: 'consolidation/unregistered',
        name: 'unregistered-accounts',
        component: () => import('../views/supervision/ConsolidationView.vue'),
        meta: { title: '应纳入未纳入', activeMenu: '/consolidation', tab: 'unregistered' },
      },
      {
        path: 'interaction/corrections',
        name: 'corrections',
        component: () => import('../views/interaction/CorrectionsView.vue'),
        meta: { title: '网民纠错', menu: true, icon: 'ChatLineSquare', group: INTERACTION },
      },
      {
        path: 'interaction/requests',
        name: 'requests',
        component: () => import('../views/interaction/RequestsView.vue'),
        meta: { title: '网民诉求', menu: true, icon: 'ChatDotRound', group: INTERACTION },
      },
      {
        path: 'interaction/qa',
        name: 'qa',
        component: () => import('../views/interaction/QaView.vue'),
        meta: { title: '咨询答问库', menu: true, icon: 'Collection', group: INTERACTION },
      },
      {
        path: 'interaction/sources',
        name: 'approved-sources',
        component: () => import('../views/interaction/SourcesView.vue'),
        meta: { title: '稿源单位', menu: true, icon: 'Stamp', group: INTERACTION },
      },
      {
        path: 'interaction/reposts',
        name: 'reposts',
        component: () => import('../views/interaction/RepostsView.vue'),
        meta: { title: '联动发声', menu: true, icon: 'Promotion', group: INTERACTION },
      },
      {
        path: 'review/drafts',
        name: 'review-drafts',
        component: () => import('../views/review/ReviewDraftsView.vue'),
        meta: { title: '待审稿件', menu: true, icon: 'Edit', group: REVIEW, tab: 'drafts' },
      },
      {
        path: 'review/queue',
        name: 'review-queue',
        component: () => import('../views/review/ReviewDraftsView.vue'),
        meta: { title: '待我审核', menu: true, icon: 'Finished', group: REVIEW, tab: 'queue', roles: ['unit_operator'] },
      },
      {
        path: 'review/posts',
        name: 'review-posts',
        component: () => import('../views/review/ReviewPostsView.vue'),
        meta: { title: '发布比对', menu: true, icon: 'DocumentChecked', group: REVIEW },
      },
      {
        path: 'review/settings',
        name: 'review-settings',
        component: () => import('../views/review/ReviewSettingsView.vue'),
        meta: { title: '审核流程', menu: true, icon: 'Setting', group: REVIEW },
      },
      {
        path: 'security',
        name: 'security',
        component: () => import('../views/security/SecurityView.vue'),
        meta: { title: '安全预警', menu: true, icon: 'WarningFilled', group: SECURITY },
      },
      {
        path: 'security/plan',
        name: 'security-plan',
        component: () => import('../views/security/EmergencyPlanView.vue'),
        meta: { title: '应急预案', menu: true, icon: 'Document', group: SECURITY },
      },
      {
        path: 'security/engagement',
        name: 'engagement',
        component: () => import('../views/engagement/EngagementView.vue'),
        meta: { title: '数据造假', menu: true, icon: 'DataLine', group: SECURITY },
      },
      {
        path: 'alerts',
        name: 'alerts',
        component: () => import('../views/alerts/AlertsView.vue'),
        meta: { title: '告警处置', menu: true, icon: 'Bell', roles: ALERTS, badge: 'alerts' },
      },
      {
        path: 'posts',
        name: 'posts',
        component: () => import('../views/posts/PostsView.vue'),
        meta: { title: '帖子存档', menu: true, icon: 'Files' },
      },
      {
        path: 'freshness',
        name: 'freshness',
        component: () => import('../views/monitoring/FreshnessView.vue'),
        meta: { title: '更新监测', menu: true, icon: 'Timer' },
      },
      {
        path: 'availability',
        name: 'availability',
        component: () => import('../views/monitoring/AvailabilityView.vue'),
        meta: { title: '可用性监测', menu: true, icon: 'Connection' },
      },
      {
        path: 'sources',
        name: 'sources',
        component: () => import('../views/monitoring/SourcesView.vue'),
        meta: { title: '采集来源', menu: true, icon: 'Connection' },
      },
      {
        path: 'indicator-sets',
        name: 'indicator-sets',
        component: () => import('../views/indicator-sets/IndicatorSetsView.vue'),
        meta: { title: '指标体系', menu: true, icon: 'Tickets' },
      },
      {
        path: 'indicator-sets/new',
        name: 'indicator-set-new',
        component: () => import('../views/indicator-sets/IndicatorSetEditorView.vue'),
        meta: { title: '发布指标体系新版本', roles: CITY, activeMenu: '/indicator-sets' },
      },
      {
        path: 'indicator-sets/:id',
        name: 'indicator-set-detail',
        component: () => import('../views/indicator-sets/IndicatorSetDetailView.vue'),
        meta: { title: '指标体系版本', activeMenu: '/indicator-sets' },
      },
      {
        path: 'lexicons',
        name: 'lexicons',
        component: () => import('../views/lexicons/LexiconsView.vue'),
        meta: { title: '词库管理', menu: true, icon: 'Collection', roles: CITY },
      },
      {
        path: 'lexicons/new',
        name: 'lexicon-new',
        component: () => import('../views/lexicons/LexiconEditorView.vue'),
        meta: { title: '发布词库新版本', roles: CITY, activeMenu: '/lexicons' },
      },
      {
        path: 'lexicons/:version',
        name: 'lexicon-detail',
        component: () => import('../views/lexicons/LexiconDetailView.vue'),
        meta: { title: '词库版本', roles: CITY, activeMenu: '/lexicons' },
      },
      {
        path: 'assessments',
        name: 'assessments',
        component: () => import('../views/assessments/AssessmentsView.vue'),
        meta: { title: '年度考核', menu: true, icon: 'Trophy' },
      },
      {
        path: 'assessments/:unitId',
        name: 'assessment-detail',
        component: () => import('../views/assessments/AssessmentDetailView.vue'),
        meta: { title: '单位年度考核', activeMenu: '/assessments' },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('../views/audit/AuditView.vue'),
        meta: { title: '审计日志', menu: true, icon: 'List', roles: CITY },
      },
      {
        path: 'users',
        name: 'users',
        component: () => import('../views/users/UsersView.vue'),
        meta: { title: '用户', menu: true, icon: 'User', roles: CITY },
      },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

const router = createRouter({
  history: createWebHistory(),
  routes,
})

export function roleAllowed(route, role) {
  const roles = route.meta && route.meta.roles
  return !roles || (role && roles.includes(role))
}

router.beforeEach(async (to) => {
  const session = useSessionStore()
  if (!session.loaded) {
    try {
      await session.load()
    } catch {
      // Server unreachable: treat as logged out; the login page shows the error on submit.
    }
  }
  if (to.meta.public) {
    if (to.name === 'login' && session.loggedIn) return { path: '/' }
    return true
  }
  if (!session.loggedIn) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  if (!roleAllowed(to, session.role)) return { path: '/' }
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - 政务新媒体监管平台` : '政务新媒体监管平台'
})

export default router
