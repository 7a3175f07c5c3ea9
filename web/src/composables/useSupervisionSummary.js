import { computed, onMounted, ref, watch } from 'vue'
import { getSupervisionDashboard } from '../api/dashboard'
import { useSessionStore } from '../stores/session'
import { REPORT_STATUS, fmtRate, quarterLabel } from '../utils/labels'
import { currentYear, today } from '../utils/date'
import { toastError } from '../utils/errors'

// The supervision loop of a year at a glance, for the home page: GET /api/dashboard/supervision
// (reloaded when `year` changes) and the cards drawn from it — this quarter's reports, the open and
// overdue rectifications, the quarter's qualified rate; for a unit's operator, its own report and
// the self-inspections still to do. Cards: { key, label, value, to, alert }.
export function useSupervisionSummary() {
  const session = useSessionStore()
  const year = ref(currentYear())
  const data = ref(null)
  const loading = ref(false)

  async function load() {
    loading.value = true
    try {
      data.value = await getSupervisionDashboard(year.value)
    } catch (e) {
      data.value = null
      toastError(e)
    } finally {
      loading.value = false
    }
  }

  const cards = computed(() => {
    const d = data.value
    if (!d) return []
    const q = d.quarter
    const ql = quarterLabel(q)
    const period = { year: String(d.year), quarter: String(q) }
    const rect = d.rectifications || {}
    const rate = d.quarters?.find((x) => x.quarter === q)?.rate
    const rectCards = [
      { key: 'rectifications_open', label: '未关闭整改', value: rect.open ?? 0, to: '/rectifications', alert: true },
      { key: 'rectifications_overdue', label: '逾期整改', value: rect.overdue ?? 0, to: '/rectifications', alert: true },
    ]
    const rateCard = { key: 'quarter_rate', label: `${ql}抽查合格率`, value: fmtRate(rate), to: { path: '/spot-rounds', query: { year: String(d.year) } } }

    if (d.tasks) {
      const report = d.tasks.report || {}
      const todo = d.tasks.self_inspection_todo || []
      return [
        {
          key: 'quarter_report',
          label: `${ql}报告`,
          value: REPORT_STATUS[report.status]?.label || report.status || '—',
          to: report.report_id ? `/reports/${report.report_id}` : { path: '/reports', query: period },
          alert: report.status !== 'submitted',
        },
        { key: 'self_inspection_todo', label: `${ql}待自查账号`, value: todo.length, to: { path: '/self-inspections', query: period }, alert: true },
        ...rectCards,
        rateCard,
      ]
    }

    const r = d.reports || {}
    const total = (r.submitted ?? 0) + (r.missing ?? 0)
    // Late: submitted after the due date, or still missing once it has passed.
    const pastDue = r.due_on && today() > r.due_on
    return [
      { key: 'quarter_report', label: `${ql}报告已报送`, value: `${r.submitted ?? 0} / ${total}`, to: { path: '/reports', query: period } },
      {
        key: 'reports_overdue',
        label: `${ql}逾期报告`,
        value: (r.late ?? 0) + (pastDue ? r.missing ?? 0 : 0),
        to: { path: '/reports', query: { ...period, status: 'overdue' } },
        alert: true,
      },
      ...rectCards,
      rateCard,
    ]
  })

  watch(year, load)
  onMounted(load)

  return { year, data, loading, cards, load }
}
