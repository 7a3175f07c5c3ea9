// Labels and helpers for inspections (附件2), indicator sets and the annual assessment (附件3).

export const INSPECTION_KINDS = [
  { value: 'self', label: '自查' },
  { value: 'city', label: '抽查' },
  { value: 'higher', label: '上级抽查' },
]

export const INSPECTION_STATUSES = [
  { value: 'open', label: '进行中' },
  { value: 'closed', label: '已完成' },
]

export const HIGHER_LEVELS = [
  { value: 'state_council', label: '国务院办公厅' },
  { value: 'province', label: '省政府办公厅' },
  { value: 'suzhou', label: '苏州市政府办公室' },
]

export const COMMENDATION_LEVELS = [
  { value: 'suzhou', label: '苏州市级' },
  { value: 'province', label: '省级' },
  { value: 'national', label: '国家级' },
]

export const SOURCE_LABELS = { derived: '自动', manual: '人工', both: '两者' }

export const VERDICT_LABELS = { qualified: '合格', unqualified: '不合格' }

const label = (list) => (v) => list.find((x) => x.value === v)?.label ?? v ?? ''
export const kindLabel = label(INSPECTION_KINDS)
export const inspectionStatusLabel = label(INSPECTION_STATUSES)
export const levelLabel = label(HIGHER_LEVELS)

// Names of the shipped set kunshan-2019, used when a response carries only ids (the set's body,
// when loaded, takes precedence).
export const FALLBACK_INSPECTION_NAMES = {
  'veto.serious_error': '出现严重表述错误',
  'veto.secret_leak': '泄露国家秘密',
  'veto.harmful_content': '发布或链接反动、暴力、色情、迷信等内容',
  'veto.negative_opinion': '因发布内容不当引发严重负面舆情',
  'veto.no_update_2w': '监测时间点前2周内无更新',
  'veto.app_unusable': '移动客户端（APP）无法下载或使用，发生“僵尸”“睡眠”情况',
  'veto.no_interaction': '未提供有效互动功能',
  'veto.fake_engagement': '存在购买“粉丝”、强制要求群众点赞等弄虚作假行为',
  opening_irregular: '开设不规范',
  name_irregular: '名称不规范',
  certification_irregular: '认证信息不规范',
  update_late: '内容更新不及时',
  improper_content: '内容发布不当',
  commercial_ad: '发布商业广告',
  comment_moderation: '留言审看不到位',
  improper_reply: '互动回应失当',
  function_broken: '功能无法使用',
  excess_personal_info: '过度获取用户信息',
}

export const FALLBACK_ASSESSMENT_ITEMS = {
  rectification: { name: '通报整改', max: 10 },
  spot_check: { name: '抽查检查', max: 30 },
  consolidation: { name: '集约整合', max: 20 },
  filing: { name: '开设备案', max: 20 },
  scope: { name: '监管范围', max: 10 },
  evaluation: { name: '考核评价', max: 10 },
}

export const FALLBACK_ASSESSMENT_NAMES = {
  'veto.higher_check_serious': '上级抽查中因出现严重错误被判定为不合格',
  'veto.higher_check_unqualified_2plus': '因其他原因被上级抽查判定为不合格2个（含）以上',
  'veto.no_quarterly_inspection': '未按季度组织开展本地、本部门政务新媒体检查工作',
  'veto.no_account': '区镇人民政府（管委会）未开设政务新媒体',
  'veto.fraud': '在政务新媒体管理工作中存在弄虚作假行为',
  'rectification.overdue': '通报公开之日起10日内对问题仍未整改，或整改不到位',
  'spot_check.report_late': '季度检查整改情况未于本季度最后1日前报送',
  'spot_check.coverage_incomplete': '年度检查未实现全覆盖',
  'consolidation.similar_accounts': '同一平台开设业务相近、功能相似的3个（含）以上账号',
  'consolidation.closure_not_done': '已报关停却未关停或未发布停更公告',
  'filing.opened_without_application': '新开设未申请',
  'filing.late': '开设、变更、关停、注销未在2个工作日内上报备案',
  'scope.account_missing': '应纳入而未纳入监管范围',
  'evaluation.missing': '未将政务新媒体工作纳入年度绩效考核',
  'bonus.inspection_ratio': '每季度检查政务新媒体比例',
  'bonus.pass_rate': '上级抽查年度合格率均达100%',
  'bonus.commendation': '被苏州市级以上单位表彰、表扬或排名前5',
}

// id -> indicator, from a list of indicators (an inspection's, or a set body's).
export function indicatorMap(list) {
  const m = new Map()
  for (const ind of list || []) if (ind && ind.id) m.set(ind.id, ind)
  return m
}

export function isVeto(ind) {
  return !!(ind && (ind.veto || String(ind.id || '').startsWith('veto.')))
}

export function isBonus(ind) {
  return !!(ind && (ind.bonus || String(ind.id || '').startsWith('bonus.')))
}

// The assessment item an indicator belongs to: its `item`, else the id's prefix (spot_check.report_late).
export function itemOf(ind, id) {
  if (ind && ind.item) return ind.item
  const s = String(id || ind?.id || '')
  return s.includes('.') ? s.slice(0, s.indexOf('.')) : s
}

export function verdictLabel(v) {
  return VERDICT_LABELS[v] || v || ''
}
