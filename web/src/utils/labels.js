// Built-in Chinese labels, used until (or if) GET /api/meta answers.
export const FALLBACK_META = {
  platforms: [
    { value: 'weibo', label: '微博' },
    { value: 'wechat_subscription', label: '微信订阅号' },
    { value: 'wechat_service', label: '微信服务号' },
    { value: 'douyin', label: '抖音' },
    { value: 'kuaishou', label: '快手' },
    { value: 'toutiao', label: '今日头条' },
    { value: 'wechat_channels', label: '微信视频号' },
    { value: 'bilibili', label: '哔哩哔哩' },
    { value: 'app', label: '移动客户端' },
    { value: 'mini_program', label: '小程序' },
    { value: 'other', label: '其他' },
  ],
  statuses: [
    { value: 'applied', label: '申请中' },
    { value: 'rejected', label: '已驳回' },
    { value: 'approved', label: '已批准' },
    { value: 'open', label: '已开设' },
    { value: 'closed', label: '已关停' },
    { value: 'cancelled', label: '已注销' },
  ],
  categories: [
    { value: '区镇', label: '区镇' },
    { value: '城市管理办事处', label: '城市管理办事处' },
    { value: '市级部门', label: '市级部门' },
    { value: '条线单位', label: '条线单位' },
    { value: '其他', label: '其他' },
    { value: '市政府办公室', label: '市政府办公室' },
  ],
  roles: [
    { value: 'city_admin', label: '市政府办公室管理员' },
    { value: 'unit_operator', label: '单位操作员' },
    { value: 'inspector', label: '检查员' },
    { value: 'duty_officer', label: '值班员' },
    { value: 'viewer', label: '领导（只读）' },
  ],
  filing_kinds: [
    { value: 'open', label: '开设' },
    { value: 'change', label: '变更' },
    { value: 'close', label: '关停' },
    { value: 'cancel', label: '注销' },
  ],
}

export const STATUS_TAG_TYPE = {
  applied: 'warning',
  rejected: 'danger',
  approved: 'primary',
  open: 'success',
  closed: 'info',
  cancelled: 'info',
}

export const FILING_STATE_LABELS = {
  pending_forward: '待报送',
  forwarded: '已报送',
}

export const TODO_KIND_LABELS = {
  application: '待审批',
  forward: '待报送',
  overdue: '逾期',
}

export const TODO_KIND_TAG = {
  application: 'warning',
  forward: 'primary',
  overdue: 'danger',
}

export const ALERT_STATUSES = [
  { value: 'new', label: '待处理' },
  { value: 'acknowledged', label: '已确认' },
  { value: 'handled', label: '已处置' },
  { value: 'forwarded', label: '已转办' },
]

// Veto-level lexicon categories that raise alerts.
export const ALERT_CATEGORY_LABELS = {
  secret: '泄密',
  harmful: '有害信息',
  serious_error: '严重表述错误',
}

// Lexicon categories a post can be searched by in the archive (帖子存档).
export const HIT_CATEGORIES = [
  { value: 'secret', label: '泄密' },
  { value: 'harmful', label: '有害信息' },
  { value: 'serious_error', label: '严重表述错误' },
  { value: 'ad', label: '商业广告' },
  { value: 'improper', label: '不当内容' },
]

// Labels of every category a lexicon hit can have (the search categories plus personal data).
export const HIT_CATEGORY_LABELS = {
  ...Object.fromEntries(HIT_CATEGORIES.map((c) => [c.value, c.label])),
  privacy: '个人信息',
}

// Tag colour of a hit category: the veto-level ones (those that raise alerts) in red.
export const hitCategoryTagType = (c) => (ALERT_CATEGORY_LABELS[c] ? 'danger' : 'warning')

// Kinds of archived items (帖子存档): posts and the comments under them.
export const POST_KINDS = [
  { value: '', label: '全部' },
  { value: 'post', label: '帖子' },
  { value: 'comment', label: '留言' },
]

// Freshness levels (更新监测), most at risk first. `tag` is the el-tag type, `cls` an extra class
// (warn is yellow, which Element Plus has no type for).
export const FRESHNESS_LEVELS = [
  { value: 'veto', label: '已超14天', tag: 'danger', effect: 'dark' },
  { value: 'danger', label: '严重预警', tag: 'warning', effect: 'dark' },
  { value: 'warn', label: '预警', tag: 'warning', effect: 'light', cls: 'level-yellow' },
  { value: 'source_failing', label: '无法判定（数据源异常）', tag: 'info', effect: 'light' },
  { value: 'ok', label: '正常', tag: 'success', effect: 'light' },
  { value: 'no_source', label: '未接入', tag: 'info', effect: 'plain' },
]
export const FRESHNESS_LEVEL = Object.fromEntries(FRESHNESS_LEVELS.map((l) => [l.value, l]))

// Availability states (可用性监测) of a checked URL.
export const AVAILABILITY_STATES = [
  { value: 'broken', label: '不可用', tag: 'danger', effect: 'dark' },
  { value: 'failing', label: '异常', tag: 'warning', effect: 'light' },
  { value: 'ok', label: '正常', tag: 'success', effect: 'light' },
  { value: 'unchecked', label: '未检查', tag: 'info', effect: 'plain' },
]
export const AVAILABILITY_STATE = Object.fromEntries(AVAILABILITY_STATES.map((s) => [s.value, s]))

export const AVAILABILITY_EVENTS = { broken: '变为不可用', recovered: '恢复' }

// Inspection indicators (附件2 of kunshan-2019) a lexicon category can count under, used when the
// current indicator set cannot be read.
export const FALLBACK_INSPECTION_INDICATORS = [
  { id: 'veto.serious_error', name: '出现严重表述错误', veto: true },
  { id: 'veto.secret_leak', name: '泄露国家秘密', veto: true },
  { id: 'veto.harmful_content', name: '发布或链接反动、暴力、色情、迷信等内容', veto: true },
  { id: 'veto.negative_opinion', name: '因发布内容不当引发严重负面舆情', veto: true },
  { id: 'veto.no_update_2w', name: '监测时间点前2周内无更新', veto: true },
  { id: 'veto.app_unusable', name: '移动客户端（APP）无法下载或使用', veto: true },
  { id: 'veto.no_interaction', name: '未提供有效互动功能', veto: true },
  { id: 'veto.fake_engagement', name: '存在购买“粉丝”、强制要求群众点赞等弄虚作假行为', veto: true },
  { id: 'opening_irregular', name: '开设不规范' },
  { id: 'name_irregular', name: '名称不规范' },
  { id: 'certification_irregular', name: '认证信息不规范' },
  { id: 'update_late', name: '内容更新不及时' },
  { id: 'improper_content', name: '内容发布不当' },
  { id: 'commercial_ad', name: '发布商业广告' },
  { id: 'comment_moderation', name: '留言审看不到位' },
  { id: 'improper_reply', name: '互动回应失当' },
  { id: 'function_broken', name: '功能无法使用' },
  { id: 'excess_personal_info', name: '过度获取用户信息' },
]

// --- The quarterly supervision loop (监管闭环). `tag` is the el-tag type.

export const QUARTERS = [
  { value: 1, label: '第一季度' },
  { value: 2, label: '第二季度' },
  { value: 3, label: '第三季度' },
  { value: 4, label: '第四季度' },
]
export const quarterLabel = (q) => QUARTERS.find((x) => x.value === Number(q))?.label ?? ''

// Quarterly reports (季度自查整改情况报告).
export const REPORT_STATUSES = [
  { value: 'submitted', label: '已报送', tag: 'success' },
  { value: 'draft', label: '草稿', tag: 'warning' },
  { value: 'missing', label: '未报送', tag: 'info' },
]
export const REPORT_STATUS = Object.fromEntries(REPORT_STATUSES.map((s) => [s.value, s]))

// Spot-check rounds (抽查轮次) and how their accounts came in.
export const ROUND_STATUSES = [
  { value: 'open', label: '进行中', tag: 'primary' },
  { value: 'finished', label: '已完成', tag: 'info' },
]
export const ROUND_STATUS = Object.fromEntries(ROUND_STATUSES.map((s) => [s.value, s]))
export const ROUND_ITEM_SOURCES = {
  sample: { label: '抽样', tag: 'primary', effect: 'plain' },
  manual: { label: '手动', tag: 'warning', effect: 'plain' },
}

// Notices (通报).
export const NOTICE_STATUSES = [
  { value: 'draft', label: '草稿', tag: 'warning' },
  { value: 'published', label: '已发布', tag: 'success' },
]
export const NOTICE_STATUS = Object.fromEntries(NOTICE_STATUSES.map((s) => [s.value, s]))

// Rectification tasks (整改).
export const RECTIFICATION_STATUSES = [
  { value: 'open', label: '待整改', tag: 'danger' },
  { value: 'answered', label: '待复查', tag: 'warning' },
  { value: 'returned', label: '已退回', tag: 'danger', effect: 'plain' },
  { value: 'closed', label: '已关闭', tag: 'success' },
]
export const RECTIFICATION_STATUS = Object.fromEntries(RECTIFICATION_STATUSES.map((s) => [s.value, s]))

// A ratio 0–1 as a percentage ("66.7%"); '—' when there is none.
export function fmtRate(v) {
  if (v === null || v === undefined || Number.isNaN(Number(v))) return '—'
  return `${(Number(v) * 100).toFixed(1).replace(/\.0$/, '')}%`
}

// How a spot-check round drew its sample: "比例 30%" or "数量 20".
export function roundMethodText(r) {
  if (!r) return ''
  return r.method === 'ratio' ? `比例 ${fmtRate(r.ratio)}` : `数量 ${r.count ?? ''}`
}

// Groups of similar accounts (清理整合) as the city office judged them.
export const CONSOLIDATION_STATUSES = [
  { value: 'proposed', label: '待确认', tag: 'warning' },
  { value: 'confirmed', label: '已确认', tag: 'success' },
  { value: 'rejected', label: '已否定', tag: 'info' },
]
export const CONSOLIDATION_STATUS = Object.fromEntries(CONSOLIDATION_STATUSES.map((s) => [s.value, s]))

// Accounts found outside the register (应纳入未纳入): how they were found and what became of them.
export const UNREGISTERED_SOURCES = [
  { value: 'monitoring', label: '监测发现' },
  { value: 'import', label: '导入发现' },
  { value: 'report', label: '报告发现' },
  { value: 'inspection', label: '检查发现' },
  { value: 'other', label: '其他' },
]
export const unregisteredSourceLabel = (v) => UNREGISTERED_SOURCES.find((s) => s.value === v)?.label ?? v ?? ''
export const UNREGISTERED_STATUSES = [
  { value: 'open', label: '待处理', tag: 'danger' },
  { value: 'registered', label: '已纳入', tag: 'success' },
  { value: 'dismissed', label: '不属于', tag: 'info' },
]
export const UNREGISTERED_STATUS = Object.fromEntries(UNREGISTERED_STATUSES.map((s) => [s.value, s]))

// Levels of a lexicon hit (contracts/scan.md): alert goes to the duty officer at once, review waits
// for an inspector's decision (a veto-level term in mitigating context, or any other category).
export const HIT_LEVEL_LABELS = { alert: '告警', review: '待研判' }
export const hitLevelTagType = (level) => (level === 'alert' ? 'danger' : 'warning')

// Kinds of 我的任务 (GET /api/my-tasks).
export const MY_TASK_KIND_LABELS = {
  report: '季度报告',
  self_inspection: '季度自查',
  rectification: '整改',
  filing: '备案',
  rejected: '申请驳回',
  overdue_filing: '备案逾期',
  urge: '催办',
  inspection: '抽查',
  alert: '告警',
  application: '审批',
  forward: '报送',
  review: '复查',
  review_draft: '稿件审核',
  round: '抽查轮次',
  risk: '风险',
  security: '账号安全',
}
