// Chinese labels of the audit log (审计日志): every action code the server writes, every object
// type, every field key of the before/after JSON and the status values found there. One map, used
// wherever audit rows are shown; an unknown code falls back to itself.
import { FALLBACK_INSPECTION_NAMES, kindLabel, levelLabel } from './scoring.js'

export const AUDIT_ACTIONS = {
  // Units and the registry.
  'units.load': '载入附件1单位',
  'unit.create': '新增单位',
  'unit.update': '修改单位',
  'account.apply': '提交开设申请',
  'account.register_existing': '补录已开设账号',
  'account.update': '修改账号信息',
  'account.reapply': '重新申请开设',
  'account.file_open': '开设备案',
  'account.file_change': '变更备案',
  'account.file_close': '关停备案',
  'account.file_cancel': '注销备案',
  'accounts.import': '导入台账（Excel）',
  'account.urge': '催办更新',
  'account.closure_image': '上传停更公告截图',
  'application.approve': '批准开设申请',
  'application.reject': '驳回开设申请',
  'filing.create': '登记备案',
  'filing.forward': '报送省系统',
  // Users and logins.
  'user.create': '新增用户',
  'user.password': '修改口令',
  'user.update': '修改用户角色或单位',
  'user.disable': '停用用户',
  'user.enable': '启用用户',
  'user.password_reset': '重置用户密码',
  'contacts.view': '查看联系人电话',
  'login.lock': '登录失败次数过多（延时登录）',
  'login.unlock': '解除登录限制',
  // Indicators, inspections and the assessment.
  'indicator_set.publish': '发布指标体系',
  'inspection.create': '新建检查',
  'inspection.finding.add': '记录发现',
  'inspection.finding.withdraw': '撤回发现',
  'inspection.screenshot.add': '上传截图',
  'inspection.dismiss': '核减自动发现',
  'inspection.undismiss': '撤销核减',
  'inspection.close': '完成检查',
  'inspection.rescore': '按新版本重新评分',
  'assessment.inputs': '录入考核事项',
  'assessment.finalize': '年度考核定稿',
  // Monitoring.
  'lexicon.publish': '发布词库',
  'settings.update': '修改监测设置',
  'integration.create': '新增接入方',
  'integration.revoke': '吊销接入令牌',
  'availability.check': '立即检查可用性',
  'alert.acknowledge': '确认告警',
  'alert.handle': '处置告警',
  'alert.forward': '转办告警',
  'posts.import': '导入帖子',
  'comments.import': '导入留言',
  // The supervision loop.
  'report.save': '保存季度报告',
  'report.submit': '报送季度报告',
  'report.attach': '上传报告附件',
  'spot_round.create': '新建抽查轮次',
  'spot_round.add': '抽查轮次加入账号',
  'spot_round.assign': '分派检查员',
  'spot_round.finish': '完成抽查轮次',
  'notice.draft': '起草通报',
  'notice.edit': '修改通报草稿',
  'notice.publish': '发布通报',
  'evidence.export': '导出证据包',
  'evidence.key': '生成证据签名密钥',
  'rectification.open': '由告警发起整改',
  'rectification.answer': '答复整改',
  'rectification.image': '上传整改佐证图片',
  'rectification.close': '复查通过（关闭整改）',
  'rectification.return': '退回整改',
  'consolidation.confirm': '确认相近账号组',
  'consolidation.reject': '否定相近账号组',
  'unregistered.report': '登记应纳入未纳入账号',
  'unregistered.registered': '应纳入账号已纳入',
  'unregistered.dismissed': '应纳入账号不属于',
  'correction.submit': '网民提交纠错',
  'correction.accept': '受理网民纠错',
  'correction.reject': '不予受理网民纠错',
  'correction.answer': '答复网民纠错',
  'correction.escalate': '网民纠错逾期督办',
  'correction.contact_view': '查看纠错人联系方式',
  'qa.create': '新增答问条目',
  'qa.update': '修改答问条目',
  'qa.review': '复核答问条目',
}

export const AUDIT_ENTITIES = {
  unit: '单位',
  account: '账号',
  filing: '备案',
  user: '用户',
  indicator_set: '指标体系',
  inspection: '检查',
  assessment: '年度考核',
  lexicon: '词库',
  settings: '监测设置',
  integration: '接入方',
  availability: '可用性监测',
  alert: '告警',
  accounts: '台账',
  posts: '帖子',
  comments: '留言',
  quarterly_report: '季度报告',
  spot_round: '抽查轮次',
  notice: '通报',
  rectification: '整改',
  consolidation_group: '相近账号组',
  unregistered_account: '应纳入未纳入账号',
  signing_key: '签名密钥',
  correction: '网民纠错',
  qa_entry: '答问条目',
}

// Keys of the before/after JSON (top level, and the objects inside them).
export const AUDIT_FIELDS = {
  id: '编号',
  name: '名称',
  title: '标题',
  status: '状态',
  note: '备注',
  reason: '理由',
  kind: '类别',
  level: '层级',
  source: '来源',
  count: '数量',
  year: '年度',
  quarter: '季度',
  version: '版本',
  demo: '演示数据',
  created_at: '创建时间',
  created_by: '创建人',
  updated_at: '更新时间',
  ticket: '纠错编号',
  has_contact: '留有联系方式',
  escalated_step: '督办环节',
  qa_entry_id: '引用答问条目',
  question: '问题',
  policy_title: '政策文件',
  policy_number: '文号',
  policy_url: '政策链接',
  valid_from: '有效期自',
  valid_to: '有效期至',
  reviewed_by: '复核人',
  reviewed_on: '复核日期',
  // Units.
  unit: '单位',
  unit_id: '单位',
  unit_name: '单位名称',
  category: '单位类别',
  code: '代码',
  is_city_office: '市政府办公室',
  retired: '已撤销',
  account_count: '账号数',
  // Accounts (附件4).
  account_id: '账号',
  account_name: '账号名称',
  platform: '平台',
  positioning: '账号定位',
  url: '链接',
  certification: '认证信息',
  main_leader: '主要领导',
  deputy_leader: '分管领导',
  chief_editor: '总编辑',
  staff: '工作人员',
  managing_office: '管理科室',
  contacts_masked: '联系方式已脱敏',
  internal_body: '内设机构开设',
  internal_body_name: '内设机构名称',
  interaction_enabled: '开通互动功能',
  app_download_urls: '客户端下载地址',
  service_urls: '功能地址',
  feed_urls: '数据源地址',
  applied_on: '申请日期',
  opened_on: '开设日期',
  opened_without_application: '未经批准开设',
  historical: '历史补录',
  closure_notice_on: '停更公告日期',
  closure_notice_url: '停更公告链接',
  closure_notice_image_ids: '停更公告截图',
  application_reason: '申请理由',
  warnings: '提示',
  message: '说明',
  // Filings.
  event_on: '事件日期',
  filed_on: '单位备案日期',
  forwarded_on: '报送省系统日期',
  forwarded_by: '报送人',
  // Users and logins.
  username: '用户名',
  phone: '电话',
  role: '角色',
  disabled: '已停用',
  password: '口令',
  address: '地址',
  failures: '失败次数',
  locked_seconds: '已延时（秒）',
  // Inspections and scoring.
  inspection: '检查',
  inspection_id: '检查',
  indicator: '指标',
  indicator_set: '指标体系',
  indicator_set_row: '指标体系版本',
  monitoring_time: '监测时间点',
  result: '评分结果',
  score: '得分',
  verdict: '结论',
  qualified: '合格',
  unqualified: '不合格',
  deductions: '扣分',
  vetoes: '单项否决',
  evidence: '证据',
  withdrawn: '已撤回',
  withdraw_reason: '撤回理由',
  finding_id: '发现',
  screenshot_id: '截图',
  dismissal_id: '核减',
  filename: '文件名',
  mime: '文件类型',
  size: '大小（字节）',
  sha256: 'SHA-256',
  assessment: '年度考核',
  deduction_score: '扣分得分',
  bonus: '加分',
  // Assessment inputs (附件3).
  quarterly_inspections: '季度检查',
  quarterly_reports: '季度报告',
  quarterly_coverage: '季度检查覆盖率',
  annual_coverage: '年度检查覆盖率',
  rectifications: '整改',
  similar_account_groups: '业务相近账号组',
  closures_not_done: '已报关停未关停',
  accounts_outside_scope: '应纳入未纳入账号',
  in_performance_evaluation: '纳入绩效考核',
  fraud: '弄虚作假',
  commendations: '表彰',
  // Monitoring.
  terms: '词条数',
  categories: '类别',
  allow: '允许短语',
  freshness_warn_days: '更新预警天数',
  veto_days: '否决天数',
  availability_failures: '连续失败次数',
  availability_minutes: '检查间隔（分钟）',
  alert_webhook_url: '告警推送地址',
  revoked_at: '吊销时间',
  checked: '检查数',
  broken: '不可用',
  recovered: '恢复',
  forwarded_to: '转办至',
  lines: '行',
  items: '条数',
  fingerprint: '密钥指纹',
  rows: '行数',
  imported: '导入',
  skipped: '跳过',
  added: '新增',
  edited: '修改',
  unchanged: '未变',
  // Reports, rounds, notices, rectifications.
  problems: '发现问题',
  rectification: '整改情况',
  submitted_on: '报送日期',
  attachment_id: '附件',
  round: '抽查轮次',
  round_id: '抽查轮次',
  method: '抽样方式',
  ratio: '比例',
  seed: '随机种子',
  sampled: '抽样账号',
  manual: '手动加入账号',
  item_ids: '抽查项',
  inspector: '检查员',
  by_platform: '按平台',
  by_unit: '按单位',
  rate: '合格率',
  results: '结果',
  summary: '汇总',
  units: '单位',
  issuer: '发文单位',
  doc_number: '文号',
  issued_on: '发文日期',
  published_on: '发布日期',
  due_on: '整改期限',
  answer: '整改答复',
  evidence_url: '佐证链接',
  review_note: '复查意见',
  closed_on: '关闭日期',
  answered_on: '答复日期',
  alert_id: '告警',
  problem: '问题',
}

// Status values met in before/after JSON; the same word means different things in different
// objects (an account's "open" is 已开设, a rectification's 待整改), so they go by object type.
const STATUS_BY_ENTITY = {
  account: { applied: '申请中', rejected: '已驳回', approved: '已批准', open: '已开设', closed: '已关停', cancelled: '已注销' },
  rectification: { open: '待整改', answered: '待复查', returned: '已退回', closed: '已关闭' },
  quarterly_report: { draft: '草稿', submitted: '已报送', missing: '未报送' },
  spot_round: { open: '进行中', finished: '已完成' },
  notice: { draft: '草稿', published: '已发布' },
  alert: { new: '待处理', acknowledged: '已确认', handled: '已处置', forwarded: '已转办' },
  consolidation_group: { proposed: '待确认', confirmed: '已确认', rejected: '已否定' },
  unregistered_account: { open: '待处理', registered: '已纳入', dismissed: '不属于' },
  inspection: { open: '进行中', closed: '已完成' },
  filing: { pending_forward: '待报送', forwarded: '已报送' },
}

// Other coded values, by field.
const VALUES_BY_FIELD = {
  verdict: { qualified: '合格', unqualified: '不合格', not_scored: '未评分' },
  role: {
    city_admin: '市政府办公室管理员',
    unit_operator: '单位操作员',
    inspector: '检查员',
    duty_officer: '值班员',
    viewer: '领导（只读）',
  },
  method: { ratio: '按比例', count: '按数量' },
  password: { changed: '已修改' },
  source: {
    monitoring: '监测发现',
    import: '导入发现',
    report: '报告发现',
    inspection: '检查发现',
    other: '其他',
    sample: '抽样',
    manual: '手动',
    derived: '自动',
  },
}
const FILING_KINDS = { open: '开设', change: '变更', close: '关停', cancel: '注销' }

export const auditActionLabel = (code) => AUDIT_ACTIONS[code] || code || ''
export const auditEntityLabel = (code) => AUDIT_ENTITIES[code] || code || ''
// Keys that mean something else in one kind of object.
const FIELDS_BY_ENTITY = {
  quarterly_report: { checked: '检查情况' },
  assessment: { unit: '单位', score: '得分' },
  account: { account: '账号', due_on: '期限' },
}
export const auditFieldLabel = (key, entity = '') => FIELDS_BY_ENTITY[entity]?.[key] || AUDIT_FIELDS[key] || key

// The contacts of an account (附件4): a person's name, post and phone.
export const PERSON_FIELDS = new Set(['main_leader', 'deputy_leader', 'chief_editor', 'staff'])
const PERSON_LABELS = { name: '姓名', title: '职务', phone: '电话' }
export const personFieldLabel = (key) => PERSON_LABELS[key] || auditFieldLabel(key)

// The label of a value of field `key` in a row about `entity`; `platformLabel` (the meta store's)
// names platforms. Values that are not codes come back unchanged.
export function auditValueLabel(entity, key, value, platformLabel = (v) => v) {
  if (typeof value !== 'string') return value
  switch (key) {
    case 'status':
    case 'state':
      return STATUS_BY_ENTITY[entity]?.[value] || STATUS_BY_ENTITY.filing[value] || value
    case 'platform':
      return platformLabel(value)
    case 'kind':
      return entity === 'inspection' ? kindLabel(value) : FILING_KINDS[value] || value
    case 'level':
      return levelLabel(value)
    case 'indicator':
      return FALLBACK_INSPECTION_NAMES[value] || value
    default:
      return VALUES_BY_FIELD[key]?.[value] || value
  }
}

// The actions offered in the filter, grouped in the order above.
export const AUDIT_ACTION_OPTIONS = Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label }))
export const AUDIT_ENTITY_OPTIONS = Object.entries(AUDIT_ENTITIES).map(([value, label]) => ({ value, label }))
