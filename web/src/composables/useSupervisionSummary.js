import { onMounted, ref } from 'vue'
import { getSpotRound, listRectifications, listReports, listSpotRounds } from '../api/supervision'
import { useSessionStore } from '../stores/session'
import { REPORT_STATUS, fmtRate } from '../utils/labels'
import { currentQuarter, currentYear } from '../utils/date'

// The supervision loop at a glance, for the home page: this quarter's reports, the open and overdue
// rectifications and the qualified rate of the latest spot-check round. Each figure is read on its
// own; one the session may not read (or a server without it) is left out.
export function useSupervisionSummary() {
  const session = useSessionStore()
  const cards = ref([])

  async function reportCard() {
    const res = await listReports({ year: currentYear(), quarter: currentQuarter() })
    const items = res?.items || []
    if (session.role === 'unit_operator') {
      const own = items.find((x) => x.unit_id === session.user?.unit_id) || items[0]
      if (!own) return null
      return { key: 'quarter_report', label: '本季度报告', value: REPORT_STATUS[own.status]?.label || own.status, to: '/reports', alert: own.status !== 'submitted' }
    }
    const submitted = res?.counts?.submitted ?? items.filter((x) => x.status === 'submitted').length
    return { key: 'quarter_report', label: '本季度报告已报送', value: `${submitted} / ${items.length}`, to: '/reports' }
  }

  async function rectificationCards() {
    const c = (await listRectifications({}))?.counts || {}
    const open = (c.open ?? 0) + (c.returned ?? 0) + (c.answered ?? 0)
    return [
      { key: 'rectifications_open', label: '未关闭整改', value: open, to: '/rectifications', alert: true },
      { key: 'rectifications_overdue', label: '逾期整改', value: c.overdue ?? 0, to: '/rectifications', alert: true },
    ]
  }

  async function roundCard() {
    const rounds = (await listSpotRounds({ year: currentYear() })).items
    if (!rounds.length) return null
    const latest = [...rounds].sort((a, b) => b.id - a.id)[0]
    const round = await getSpotRound(latest.id)
    return { key: 'round_rate', label: '最近抽查合格率', value: fmtRate(round.results?.rate), to: `/spot-rounds/${latest.id}` }
  }

  onMounted(async () => {
    const settled = await Promise.allSettled([reportCard(), rectificationCards(), roundCard()])
    cards.value = settled.filter((s) => s.status === 'fulfilled' && s.value).flatMap((s) => s.value)
  })

  return { cards }
}
