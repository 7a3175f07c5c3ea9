#include "app/demo_text.h"

#include <algorithm>
#include <map>
#include <string_view>

namespace govmedia::app::demo {

using core::Date;
using core::Platform;

namespace {

constexpr Platform kWx = Platform::kWechatSubscription;
constexpr Platform kSvc = Platform::kWechatService;
constexpr Platform kWb = Platform::kWeibo;
constexpr Platform kDy = Platform::kDouyin;
constexpr Platform kTt = Platform::kToutiao;
constexpr Platform kApp = Platform::kApp;

// A topic: the text with its slots, for a domain (kWork: any unit) and a part of the year.
struct Topic {
  int month_from, month_to;  // 1–12; from > to wraps over the new year
  int day_from, day_to;      // within the month, for the dated days (3·15, 11·9 …)
  const char* text;
};

bool Fits(const Topic& t, Date d) {
  const int m = d.month();
  const bool in_months = t.month_from <= t.month_to ? (m >= t.month_from && m <= t.month_to)
                                                    : (m >= t.month_from || m <= t.month_to);
  return in_months && d.day() >= t.day_from && d.day() <= t.day_to;
}

Topic All(const char* text) { return {1, 12, 1, 31, text}; }
Topic Months(int from, int to, const char* text) { return {from, to, 1, 31, text}; }
Topic Days(int month, int from, int to, const char* text) { return {month, month, from, to, text}; }

// Slots: {org} the unit as its posts name it, {p} its place or field, {md} a day soon, {pmd} a day
// just past, {n} a small number, {n2} a larger one, {v} a venue, {t} a time of day, {tel} a
// service line.
const std::map<Domain, std::vector<Topic>>& DomainTopics() {
  static const auto* topics = new std::map<Domain, std::vector<Topic>>{
      {Domain::kTown,
       {All("【工作动态】{pmd}，{org}召开重点项目推进会，梳理在建项目{n}个，明确下阶段时间节点。"),
        All("【便民】{org}便民服务中心{md}起延长服务时间至{t}，社保、医保等{n}项业务可就近办理。"),
        All("【聚焦】{p}人居环境整治“回头看”持续推进，{pmd}共清理河道岸线{n}公里。"),
        All("【招商】{pmd}，{org}举行项目集中签约仪式，{n}个项目落户{p}，总投资{n2}亿元。"),
        All("【民生】{p}新增{n}处“口袋公园”，居民家门口多了休闲好去处。"),
        All("【志愿】{org}新时代文明实践站开展“邻里守望”志愿服务，为{n}户独居老人上门体检。"),
        Months(3, 5, "【春耕】{p}{n2}亩小麦进入田管关键期，农技人员下田指导病虫害防治。"),
        Months(6, 8, "【防汛】入汛以来，{org}组织{n}支巡查队伍，对圩堤、闸站开展拉网式排查。"),
        Months(9, 11, "【秋收】{p}秋粮收获进入高峰，{n}台收割机抢抓晴好天气开镰作业。"),
        Months(12, 2, "【冬季安全】{org}开展冬季消防和燃气安全检查，走访企业、出租房{n2}户。")}},
      {Domain::kStreet,
       {All("【社区】{p}辖区{n}个社区开展“楼道微治理”，清理楼道堆物{n2}处。"),
        All("【便民】{org}“家门口”办事点{md}起开放，居住证、老年卡等业务就近可办。"),
        All("【文明】{pmd}，{org}组织志愿者开展背街小巷环境整治，共清理卫生死角{n}处。"),
        All("【民生】{p}老旧小区改造项目进入收尾阶段，{n}栋楼完成外立面出新。"),
        Months(6, 9,
               "【提醒】夏季用电高峰，{org}提醒居民规范停放、充电电动自行车，严禁“飞线充电”。"),
        Months(11, 2, "【冬季安全】{org}联合物业开展冬季安全巡查，排查电动车进楼入户隐患{n}处。")}},
      {Domain::kEducation,
       {All("【教育】全市中小学“{n}分钟体育大课间”全面铺开，学生每天校内运动不少于2小时。"),
        All("【通知】{md}起{p}系统开展教师业务能力提升培训，{n2}名骨干教师参加。"),
        Months(1, 2, "【寒假】寒假将至，市教育局提醒家长关注孩子居家安全和用眼卫生。"),
        Months(3, 4, "【招生】{md}起小学一年级新生入学信息登记开始，请家长登录入学服务平台填报。"),
        Months(5, 6, "【中考】中考将至，市教育局发布考前温馨提示，请考生提前熟悉考点路线。"),
        Months(7, 8, "【暑期】暑期托管服务在全市{n}所学校开班，提供作业辅导和兴趣课程。"),
        Days(9, 1, 10,
             "【开学】新学期开学，全市{n2}"
             "余所中小学、幼儿园迎来新学年，校园周边交通护学岗全部上岗。"),
        Months(10, 12, "【家校】{p}系统开展“家访月”活动，教师走进{n2}户学生家庭面对面交流。")}},
      {Domain::kPolice,
       {All("【提醒】接到自称“客服”要求转账的电话请立即挂断，可拨打96110咨询。"),
        All("【交通安全】{pmd}起交警部门在主要路口开展电动自行车头盔佩戴劝导，已劝导{n2}人次。"),
        All("【便民】户籍业务“跨省通办”再扩容，{n}项业务可在派出所窗口直接办理。"),
        All("【平安】{pmd}，{org}组织开展治安巡逻，出动警力{n2}人次，守护群众平安。"),
        Months(1, 2, "【春运】春运期间{org}加强火车站、汽车站周边巡逻，请旅客看管好随身物品。"),
        Months(6, 8, "【防溺水】暑期来临，{org}提醒家长看护好孩子，不到野外水域游泳。"),
        Months(10, 12, "【提醒】秋冬季夜间行车视线差，请驾驶人减速慢行、规范使用灯光。")}},
      {Domain::kHr,
       {All("【招聘】{md}上午{t}，{v}将举办专场招聘会，{n}家企业提供岗位{n2}个。"),
        All("【社保】灵活就业人员可通过“江苏智慧人社”办理社保参保缴费，无需跑窗口。"),
        All("【就业】{org}开展“送政策进企业”活动，为{n}家企业讲解稳岗返还和培训补贴政策。"),
        Months(2, 3, "【春风行动】“春风行动”招聘会{md}在{v}举行，现场提供岗位{n2}个。"),
        Months(5, 7, "【高校毕业生】{org}发布高校毕业生就业服务指南，提供{n2}个见习岗位。"),
        Months(11, 1, "【欠薪治理】{org}开展根治欠薪冬季专项行动，检查用人单位{n}家。")}},
      {Domain::kWeather,
       {All("【天气】{md}我市以多云为主，气温{n}℃左右，早晚温差较大，请注意增减衣物。"),
        All("【天气】受冷空气影响，{md}起我市有一次降温过程，请关注最新天气预报。"),
        Months(3, 5, "【天气】近期我市多阴雨天气，雨天路滑，出行请注意安全。"),
        Months(6, 7, "【梅雨】我市{pmd}入梅，梅雨期雨量偏多，请做好防涝准备。"),
        Months(7, 9,
               "【预警】市气象台发布高温黄色预警，预计{md}最高气温达37℃以上，请注意防暑降温。"),
        Months(7, 9, "【台风】受台风外围云系影响，{md}有大风和强降雨，请加强防范。"),
        Months(11, 2,
               "【寒潮】市气象台发布寒潮蓝色预警，{md}起最低气温将降至零下，请做好防寒防冻。")}},
      {Domain::kHealth,
       {All("【健康】{md}，市级医院专家将在{v}开展义诊，涵盖内科、眼科、口腔等{n}个科室。"),
        All("【提醒】家庭医生签约服务进社区，老年人可免费享受年度健康体检。"),
        All("【便民】全市{n}家社区卫生服务中心开通“一站式”慢病配药服务。"),
        Months(4, 5, "【健康】全国儿童预防接种日，请家长按免疫程序及时带孩子接种疫苗。"),
        Months(6, 8, "【防暑】高温天气请减少午间外出，出现头晕乏力应及时就医。"),
        Months(10, 2,
               "【流感】流感进入高发期，市卫健委提醒老年人、儿童等重点人群及时接种流感疫苗。")}},
      {Domain::kMarket,
       {All("【抽检】{org}公布食品安全抽检结果，{pmd}共抽检样品{n2}批次，合格率99%以上。"),
        All("【提醒】购买电动自行车请认准3C认证，不私自改装、加装大容量电池。"),
        All("【检查】{org}开展校园周边食品安全检查，检查经营户{n}家。"),
        Days(3, 8, 15, "【3·15】“3·15”国际消费者权益日，{org}在{v}开展消费维权咨询活动。"),
        Months(1, 2, "【年货】节前{org}加强年货市场检查，重点查看冷链食品和散装食品。"),
        Months(6, 8, "【特种设备】{org}开展电梯、燃气等特种设备安全检查，排查隐患{n}处。")}},
      {Domain::kTax,
       {All("【办税】电子税务局新增{n}项“一键办”功能，企业足不出户即可申报。"),
        All("【政策】小微企业和个体工商户税费优惠政策问答，点击查看。"),
        All("【服务】{org}开展“春雨润苗”专项行动，走访小微企业{n}家，送政策上门。"),
        Months(3, 6, "【个税汇算】个人所得税综合所得年度汇算进行中，可通过个人所得税APP预约办理。"),
        Months(9, 11, "【提醒】社保费缴费基数申报进行中，请缴费单位按时完成申报。")}},
      {Domain::kEmergency,
       {All("【安全生产】{org}开展工贸企业安全生产检查，检查企业{n}家，督促整改隐患{n2}处。"),
        All("【应急科普】家中常备应急包，手电筒、饮用水、常用药品不可少。"),
        Days(5, 6, 12, "【防灾减灾】5月12日是全国防灾减灾日，{org}在{v}开展应急避险演练。"),
        Months(6, 6, "【安全生产月】6月是全国“安全生产月”，{org}在{v}举办安全宣传咨询日活动。"),
        Months(6, 9, "【防汛】{org}发布防汛防台提示，请市民关注预警信息，避免在低洼地带停留。"),
        Months(11, 2, "【冬季安全】冬季火灾易发，{org}开展烟花爆竹和危险化学品安全检查。")}},
      {Domain::kFire,
       {All("【消防科普】电动自行车不进楼入户、不飞线充电，守护家人安全。"),
        All("【演练】{pmd}，消防救援人员走进{v}开展灭火疏散演练，{n2}名群众参加。"),
        All("【检查】{org}对辖区{n}家人员密集场所开展消防安全检查。"),
        Days(11, 1, 10,
             "【119】11月9日是全国消防日，今年主题是“全民消防 生命至上”，{v}消防开放日欢迎参观。"),
        Months(12, 2, "【提醒】冬季取暖用电量大，请勿使用大功率电器，离家前切断电源。")}},
      {Domain::kCulture,
       {All("【文化】{md}晚{t}，“昆曲名家名段”演出将在{v}上演，欢迎市民观看。"),
        All("【旅游】周庄、锦溪、千灯等古镇推出“水乡慢游”线路，{n}条线路供游客选择。"),
        All("【阅读】{v}举办读书分享会，邀请{n}位作家与读者面对面交流。"),
        All("【体育】全民健身赛事{md}开赛，设篮球、羽毛球等{n}个项目，欢迎报名。"),
        Days(4, 18, 23, "【读书日】世界读书日，全市{n}家城市书房推出主题阅读活动。"),
        Months(10, 11, "【戏曲】第{n}届昆曲艺术节开幕，{n}场演出在各区镇巡演。")}},
      {Domain::kAgriculture,
       {All("【农技】农技专家提醒：近期注意水稻病虫害防治，科学合理用药。"),
        All("【乡村振兴】{org}公布特色田园乡村建设名单，{n}个村入选。"),
        Months(3, 5, "【春耕】全市{n2}亩小麦进入拔节期，农技人员深入田间开展技术指导。"),
        Months(5, 6, "【夏收】全市夏收夏种有序推进，小麦收获进度已过{n}%。"),
        Months(9, 11, "【秋收】全市{n2}亩水稻陆续开镰，预计单产与去年持平略增。"),
        Days(9, 20, 30, "【丰收节】中国农民丰收节活动在{v}举行，展示优质农产品{n}种。")}},
      {Domain::kWater,
       {All("【水务】{org}开展河道保洁，{pmd}累计打捞水面漂浮物{n}吨。"),
        All("【供水】因管网改造，{md}{t}起部分区域供水压力降低，请提前储水。"),
        Months(3, 5, "【节水】节约用水从点滴做起，{org}开展节水宣传进社区活动。"),
        Months(5, 6, "【汛前检查】{org}完成汛前检查，检修闸站{n}座、排涝泵站{n}座。"),
        Months(6, 9, "【防汛】全市河网水位上涨，{org}启动防汛四级应急响应，加强闸站调度。"),
        Months(11, 2, "【冬修水利】冬春水利工程建设启动，{n}项河道整治工程集中开工。")}},
      {Domain::kTransport,
       {All("【出行】{md}起{n}路公交线路调整部分站点，请乘客留意站牌公告。"),
        All("【工程】道路改造施工期间，请车辆按指示标志绕行，给您带来不便敬请谅解。"),
        All("【交通】{org}新开通{n}条定制公交线路，覆盖产业园区和居民集中区。"),
        Months(1, 2, "【春运】春运将至，长途客运站增开班次{n}个，旅客可通过网络提前购票。"),
        Months(9, 10, "【出行】假期出行高峰，请错峰出行，文明驾驶。"),
        Months(12, 2, "【保畅】遇雨雪冰冻天气，{org}提前部署道路除雪防冻工作。")}},
      {Domain::kCivil,
       {All("【养老】{v}社区助餐点正式运营，老人午餐每餐补贴{n}元。"),
        All("【民政】{org}开展困难群众走访，为{n}户家庭送去慰问。"),
        All("【婚姻登记】{md}婚姻登记处正常开放，可提前网上预约。"),
        Months(10, 10, "【敬老】九九重阳，{org}联合社区开展敬老爱老活动，为{n2}位老人送上祝福。"),
        Months(12, 2, "【寒冬送暖】{org}启动寒冬送温暖行动，为困难群众发放冬季生活用品。")}},
      {Domain::kJustice,
       {All("【普法】“法律明白人”进村居，{pmd}在{v}开展法律咨询，解答群众问题{n}个。"),
        All("【法律援助】法律援助申请可通过线上办理，符合条件的群众可免费获得法律服务。"),
        All("【调解】{org}人民调解员耐心化解邻里纠纷，{pmd}调解成功{n}起。"),
        Days(12, 1, 6, "【宪法宣传周】12月4日是国家宪法日，{org}在{v}开展宪法宣传。"),
        Months(3, 5, "【普法】民法典宣传月活动在各区镇开展，发放宣传资料{n2}份。")}},
      {Domain::kVeteran,
       {All("【服务】退役军人服务站为老兵送上“光荣之家”牌匾，{pmd}走访{n}户。"),
        All("【就业】退役军人专场招聘会{md}举办，{n}家企业提供岗位。"),
        Days(7, 20, 31, "【八一】建军节前夕，{org}走访慰问优抚对象，送去节日祝福。"),
        Days(9, 25, 30, "【烈士纪念日】9月30日烈士纪念日，各界群众到烈士陵园敬献花篮。")}},
      {Domain::kEnvironment,
       {All("【环境】{pmd}全市空气质量优良，PM2.5平均浓度{n}微克/立方米。"),
        All("【治水】{org}开展入河排口排查，{pmd}完成{n}个排口整治。"),
        Days(6, 1, 6, "【环境日】6月5日是世界环境日，{org}在{v}开展环保宣传。"),
        Months(11, 2, "【大气】秋冬季大气污染防治攻坚行动启动，加强工地扬尘和柴油车管控。")}},
      {Domain::kFund,
       {All("【公积金】住房公积金提取业务可在线办理，最快当日到账。"),
        All("【政策】公积金贷款额度调整问答，点击了解最新政策。"),
        All("【服务】{org}开展“公积金进园区”服务，为{n}家企业职工现场答疑。"),
        Months(6, 7, "【年度结息】{md}起住房公积金年度结息，职工可登录网厅查询。")}},
      {Domain::kMedia,
       {All("【昆山新闻】{pmd}，全市重点项目建设推进会召开，{n}个项目集中签约。"),
        All("【直播预告】{md}晚{t}，《政风热线》直播连线{n}个部门，欢迎留言提问。"),
        All("【民生】{v}周边道路完成改造，通行效率明显提升。"),
        All("【关注】全市“一网通办”累计办件{n2}万件，群众办事更便捷。"),
        Months(9, 10, "【城市】金秋时节，{v}的银杏进入最佳观赏期。")}},
      {Domain::kService,
       {All("【办事指南】新生儿出生“一件事”可在线办理，出生医学证明、户口登记、医保参保一次办好。"),
        All("【便民】政务服务中心{md}起周末延时服务，{n}个窗口正常办理业务。"),
        All("【提醒】企业开办全程网办，最快{n}小时领取营业执照。"),
        All("【服务】“政务服务进园区”活动走进{v}，现场办理业务{n}件。")}},
      {Domain::kCityManagement,
       {All("【市容】{org}开展占道经营整治，{pmd}规范店外经营{n}处。"),
        All("【垃圾分类】垃圾分类小课堂：过期药品属于有害垃圾，请投放至红色桶。"),
        All("【城市】{v}周边新增停车泊位{n2}个，缓解停车难。"),
        Months(3, 4, "【绿化】春季补植补绿启动，全市补植乔灌木{n2}株。"),
        Months(11, 2, "【冬季保障】{org}做好雨雪冰冻天气应急准备，备足融雪剂{n}吨。")}},
      {Domain::kHousing,
       {All("【住建】{org}开展建筑工地安全检查，检查在建项目{n}个。"),
        All("【民生】保障性租赁住房新一批房源{md}起接受申请，共{n2}套。"),
        All("【物业】{org}开展住宅小区物业服务质量提升行动，走访小区{n}个。"),
        Months(6, 9, "【防汛】{org}督促在建工地做好防汛防台准备，检查深基坑{n}处。")}},
      {Domain::kWork,
       {All("【工作动态】{pmd}，{org}召开{p}工作推进会，部署下阶段重点任务。"),
        All("【政策解读】一图读懂{p}新政，点击查看详情。"),
        All("【服务】{org}开展“走企业、解难题”活动，为{n}家企业协调解决问题{n2}个。"),
        All("【公示】{org}关于{p}项目名单的公示，公示期{n}天。"),
        All("【学习】{org}组织干部职工开展业务培训，提升{p}工作能力。")}},
  };
  return *topics;
}

// The work each domain does, for the frames below ({s}).
const std::map<Domain, std::vector<const char*>>& Subjects() {
  static const auto* subjects = new std::map<Domain, std::vector<const char*>>{
      {Domain::kTown,
       {"人居环境整治", "安全生产大检查", "河长制巡河", "垃圾分类督查", "文明城市创建",
        "重点项目服务", "出租房屋安全排查", "农村集体资产清查", "城乡居民医保征缴",
        "网格化社会治理", "企业走访服务"}},
      {Domain::kStreet,
       {"背街小巷环境整治", "老旧小区改造", "楼道堆物清理", "社区网格走访",
        "电动自行车充电安全排查", "垃圾分类入户宣传", "物业服务质量提升", "独居老人关爱走访"}},
      {Domain::kEducation,
       {"校园安全隐患排查", "课后服务质量提升", "教师业务培训", "校园食品安全检查", "学生近视防控",
        "义务教育优质均衡创建", "心理健康教育周", "校外培训机构检查"}},
      {Domain::kPolice,
       {"夏夜治安巡查", "电动自行车头盔佩戴劝导", "校园周边护学岗", "反诈宣传进社区",
        "重点路段交通整治", "户籍业务窗口延时服务", "消防和治安隐患联合检查", "平安社区创建"}},
      {Domain::kHr,
       {"就业援助月", "稳岗返还政策宣传", "技能人才评价", "劳动保障监察", "高校毕业生就业服务",
        "社保经办服务提升", "零工市场对接"}},
      {Domain::kWeather,
       {"气象灾害风险普查", "汛期气象服务", "农业气象服务", "气象科普进校园", "雷电防护安全检查"}},
      {Domain::kHealth,
       {"家庭医生签约服务", "基层医疗机构质量检查", "健康知识进社区", "老年人健康体检",
        "医疗机构消防安全检查", "爱国卫生运动", "儿童预防接种宣传"}},
      {Domain::kMarket,
       {"食品安全抽检", "电动自行车质量抽查", "价格监督检查", "特种设备安全检查",
        "计量器具专项检查", "网络交易监测", "药品经营使用检查", "商品质量抽检"}},
      {Domain::kTax,
       {"税费政策宣传辅导", "办税缴费便利化服务", "小微企业走访", "纳税信用修复辅导",
        "出口退税提速"}},
      {Domain::kEmergency,
       {"工贸企业安全生产检查", "危险化学品专项整治", "应急救援演练", "有限空间作业检查",
        "安全生产执法检查", "应急物资储备检查"}},
      {Domain::kFire,
       {"人员密集场所消防检查", "消防安全进社区", "电动自行车火灾隐患整治", "高层建筑消防检查",
        "微型消防站拉动演练", "九小场所消防排查"}},
      {Domain::kCulture,
       {"文化惠民演出", "公共文化场馆服务提升", "文旅市场安全检查", "全民健身赛事", "非遗展示展演",
        "城市书房阅读推广", "古镇文旅线路推介"}},
      {Domain::kAgriculture,
       {"农田水利设施维护", "高标准农田建设", "农产品质量安全抽检", "农机安全检查", "农技服务下乡",
        "特色农产品推介"}},
      {Domain::kWater,
       {"河道保洁", "管网改造", "排水设施检查", "闸站运行维护", "节水宣传", "水环境整治"}},
      {Domain::kTransport,
       {"公交线网优化", "道路养护", "客运市场检查", "重点路段保畅", "城乡公交服务提升",
        "货运车辆安全检查"}},
      {Domain::kCivil,
       {"社区助餐点建设", "困难群众走访", "养老机构安全检查", "婚俗改革宣传", "社会组织年检",
        "儿童关爱服务"}},
      {Domain::kJustice,
       {"法律明白人培训", "人民调解", "法律援助进社区", "普法宣传", "社区矫正工作检查",
        "公共法律服务站建设"}},
      {Domain::kVeteran,
       {"烈属军属走访慰问", "退役军人就业对接", "优抚政策宣传", "退役军人服务站规范化建设"}},
      {Domain::kEnvironment,
       {"入河排口排查", "工地扬尘检查", "重点企业环境执法", "噪声污染治理", "生态环境宣传",
        "固体废物规范化管理"}},
      {Domain::kFund,
       {"公积金政策进园区", "公积金业务网上办", "缴存单位走访", "公积金贷款服务优化"}},
      {Domain::kMedia, {"融媒采访", "民生热线连线", "新闻直播", "城市宣传片拍摄", "主题宣传报道"}},
      {Domain::kService,
       {"“一件事”集成办", "政务服务进园区", "帮办代办服务", "窗口服务质量提升", "企业开办提速"}},
      {Domain::kCityManagement,
       {"占道经营整治", "垃圾分类督查", "户外广告规范", "道路扬尘治理", "停车秩序整治",
        "市政设施巡查"}},
      {Domain::kHousing,
       {"建筑工地安全检查", "物业服务提升", "保障性住房分配", "老旧小区改造", "燃气安全检查"}},
      {Domain::kWork,
       {"重点工作推进", "政策宣传解读", "走企业解难题", "业务培训", "作风建设", "数据质量检查"}},
  };
  return *subjects;
}

// Frames for any domain's work ({s}).
constexpr const char* kFrames[] = {
    "【工作动态】{pmd}，{org}开展{s}，检查点位{n}个，督促整改问题{n3}处。",
    "【聚焦】{org}{s}持续推进，目前已完成年度任务的{pct}%。",
    "【部署】{pmd}，{org}召开{s}工作会议，对下阶段工作作出部署。",
    "【通知】{org}将于{md}起开展{s}，请相关单位做好配合。",
    "【进展】{s}进入攻坚阶段，{org}{n3}个工作组分片包干、挂图作战。",
    "【回顾】{org}{s}取得阶段性成效，累计服务群众{n2}人次。",
    "【基层】{org}工作人员深入一线开展{s}，现场解决问题{n3}个。",
    "【动态】{org}联合相关部门开展{s}，出动工作人员{n}人次。",
    "【图说】镜头里的{s}：{org}干部职工在一线。",
    "【关注】{s}有了新进展，{org}{pmd}通报{n3}项具体举措。",
};

// Topics for every unit, by the part of the year.
const std::vector<Topic>& SeasonTopics() {
  static const auto* topics = new std::vector<Topic>{
      Months(1, 1, "【提醒】寒潮来袭，{org}提醒大家注意防寒保暖，雨雪天气出行注意防滑。"),
      Months(1, 2, "【暖心】{org}开展“送温暖”走访慰问，为困难家庭送去米油和慰问金。"),
      Months(2, 2, "【复工】节后{org}走访企业{n}家，协调解决用工、物流等问题。"),
      Days(3, 1, 10, "【学雷锋】{org}志愿者走进社区开展学雷锋志愿服务活动。"),
      Days(3, 8, 14, "【植树】{pmd}，{org}组织干部职工参加义务植树，共栽种苗木{n2}株。"),
      Days(4, 10, 15, "【国家安全】4月15日是全民国家安全教育日，{org}在{v}开展宣传活动。"),
      Months(4, 5, "【春游】春暖花开，{v}的花海进入观赏期，欢迎市民前往踏青。"),
      Days(6, 1, 8, "【高考】高考期间请考点周边单位和居民避免产生噪音，为考生营造安静环境。"),
      Months(6, 8, "【防溺水】暑期防溺水安全提醒：不私自下水游泳，不到无安全设施的水域玩耍。"),
      Months(7, 8, "【高温】高温天气持续，{org}调整户外作业时间，为一线职工送清凉。"),
      Days(9, 1, 10, "【开学】新学期开学，{org}提醒家长和同学们注意上下学交通安全。"),
      Days(9, 14, 22, "【国防教育】全民国防教育日，{org}组织开展防空警报试鸣宣传。"),
      Months(10, 10, "【秋游】秋高气爽，{v}迎来赏秋高峰，请游客文明游览。"),
      Days(11, 1, 10, "【消防】“119”消防宣传月，{org}开展消防安全隐患排查。"),
      Months(11, 12, "【冬季安全】入冬以来，{org}开展冬季安全隐患排查，督促整改隐患{n}处。"),
      Days(12, 19, 23, "【冬至】冬至到，吃汤圆，{org}祝大家冬至安康。"),
  };
  return *topics;
}

// Holiday posts: before the days off and on them, by the calendar's holiday name.
struct HolidayText {
  const char* name;
  const char* before;
  const char* during;
};

constexpr HolidayText kHolidays[] = {
    {"元旦", "【元旦】元旦假期将至，{org}提醒大家假期出行注意安全，遵守交通规则。",
     "【元旦】新年第一天，{org}祝大家元旦快乐、新年顺遂！"},
    {"春节", "【春节】春节临近，{org}开展节前安全检查，确保群众过一个平安祥和的新春佳节。",
     "【春节】新春佳节，{org}值班人员坚守岗位，祝大家新春快乐、阖家幸福！"},
    {"清明节", "【清明】清明祭扫高峰将至，倡导鲜花祭扫、网上祭扫，请错峰出行。",
     "【清明】清明假期，{org}提醒大家文明祭扫，严禁在山林周边焚香烧纸。"},
    {"劳动节", "【五一】“五一”假期即将到来，{v}推出{n}项文旅活动，欢迎市民游客参与。",
     "【五一】致敬劳动者！“五一”假期，{org}值守一线，保障群众平安出行。"},
    {"端午节", "【端午】端午将至，{v}将举办龙舟赛和包粽子活动，欢迎参加。",
     "【端午】粽叶飘香，{org}祝大家端午安康！"},
    {"中秋节", "【中秋】中秋将至，{org}开展节前食品安全检查，重点检查月饼生产销售企业。",
     "【中秋】月圆人团圆，{org}祝大家中秋快乐！"},
    {"国庆节", "【国庆】国庆假期将至，{org}提醒大家合理安排出行，景区门票请提前预约。",
     "【国庆】国庆假期，{org}各岗位坚守一线，守护节日平安。"},
};

const char* const kVenues[] = {
    "亭林园",         "市民文化广场", "昆山文化艺术中心", "市政务服务中心", "昆山体育中心",
    "城市规划展示馆", "森林公园",     "玉山广场",         "昆山图书馆",     "人民路步行街"};
const char* const kTails[] = {"",
                              "",
                              "",
                              "欢迎转发扩散。",
                              "详情请点击阅读原文。",
                              "请相互转告。",
                              "欢迎在留言区提出意见建议。",
                              "更多资讯请持续关注本号。"};

std::string Replace(std::string s, std::string_view key, const std::string& value) {
  for (size_t pos = s.find(key); pos != std::string::npos; pos = s.find(key, pos + value.size()))
    s.replace(pos, key.size(), value);
  return s;
}

std::string Fill(const char* text, const UnitPlan& u, Date day, Lcg& rng) {
  std::string s = text;
  s = Replace(s, "{org}", u.org);
  s = Replace(s, "{p}", u.place);
  s = Replace(s, "{md}", MonthDay(day.AddDays(1 + static_cast<int>(rng.Next(5)))));
  s = Replace(s, "{pmd}", MonthDay(day.AddDays(-1 - static_cast<int>(rng.Next(3)))));
  s = Replace(s, "{n}", std::to_string(3 + rng.Next(60)));
  s = Replace(s, "{n2}", std::to_string(120 + rng.Next(880)));
  s = Replace(s, "{n3}", std::to_string(2 + rng.Next(12)));
  s = Replace(s, "{pct}", std::to_string(62 + rng.Next(36)));
  s = Replace(s, "{v}", rng.Pick(kVenues));
  static const char* const kTimes[] = {"9:00", "9:30", "14:00", "14:30", "19:00", "19:30"};
  s = Replace(s, "{t}", rng.Pick(kTimes));
  return s;
}

// The holiday whose days off start within the next `ahead` days, or that `day` is in.
const HolidayText* HolidayNear(Date day, const core::WorkCalendar& calendar, int ahead,
                               bool* during) {
  auto name_of = [&](Date d) -> std::string {
    auto y = calendar.years().find(d.year());
    if (y == calendar.years().end()) return "";
    for (const auto& x : y->second.days)
      if (x.off && x.date == d) return x.name;
    return "";
  };
  for (int k = 0; k <= ahead; ++k) {
    const std::string n = name_of(day.AddDays(k));
    if (n.empty()) continue;
    for (const auto& h : kHolidays) {
      if (n.find(h.name) != std::string::npos) {
        *during = k == 0;
        return &h;
      }
    }
  }
  return nullptr;
}

}  // namespace

std::string MonthDay(Date d) {
  return std::to_string(d.month()) + "月" + std::to_string(d.day()) + "日";
}

const std::vector<UnitPlan>& Units() {
  static const auto* units = new std::vector<UnitPlan>{
      {"昆山开发区管委会",
       "昆山开发区",
       "开发区",
       "kfq",
       Domain::kTown,
       {{kWx, "昆山开发区发布"}, {kWb, "昆山开发区"}, {kDy, "昆山开发区融媒"}}},
      {"昆山高新区管委会",
       "昆山高新区",
       "高新区",
       "gxq",
       Domain::kTown,
       {{kWx, "昆山高新区"}, {kWb, "昆山高新区发布"}, {kTt, "昆山高新区"}}},
      {"花桥经济开发区管委会",
       "花桥经济开发区",
       "花桥",
       "huaqiao",
       Domain::kTown,
       {{kWx, "花桥发布"}, {kWb, "花桥经济开发区"}, {kDy, "花桥融媒"}}},
      {"旅游度假区管委会",
       "旅游度假区",
       "阳澄湖畔",
       "lvyou",
       Domain::kTown,
       {{kWx, "昆山旅游度假区"}, {kDy, "度假区发布"}}},
      {"张浦镇",
       "张浦镇",
       "张浦",
       "zhangpu",
       Domain::kTown,
       {{kWx, "张浦发布"}, {kWb, "张浦镇政府"}, {kDy, "张浦融媒"}}},
      {"周市镇", "周市镇", "周市", "zhoushi", Domain::kTown, {{kWx, "周市发布"}, {kWb, "周市镇"}}},
      {"陆家镇", "陆家镇", "陆家", "lujia", Domain::kTown, {{kWx, "陆家发布"}}},
      {"巴城镇", "巴城镇", "巴城", "bacheng", Domain::kTown, {{kWx, "巴城发布"}, {kWb, "巴城镇"}}},
      {"千灯镇", "千灯镇", "千灯", "qiandeng", Domain::kTown, {{kWx, "千灯发布"}}},
      {"淀山湖镇", "淀山湖镇", "淀山湖", "dianshanhu", Domain::kTown, {{kWx, "淀山湖发布"}}},
      {"周庄镇",
       "周庄镇",
       "周庄",
       "zhouzhuang",
       Domain::kTown,
       {{kWx, "周庄发布"}, {kWb, "周庄镇政府"}}},
      {"锦溪镇", "锦溪镇", "锦溪", "jinxi", Domain::kTown, {{kWx, "锦溪发布"}, {kWb, "锦溪镇"}}},
      {"柏庐城市管理办事处",
       "柏庐城市管理办事处",
       "柏庐",
       "bailu",
       Domain::kStreet,
       {{kWx, "柏庐之声"}}},
      {"亭林城市管理办事处",
       "亭林城市管理办事处",
       "亭林",
       "tinglin",
       Domain::kStreet,
       {{kWx, "亭林发布"}}},
      {"青阳城市管理办事处",
       "青阳城市管理办事处",
       "青阳",
       "qingyang",
       Domain::kStreet,
       {{kWx, "青阳发布"}}},
      {"震川城市管理办事处",
       "震川城市管理办事处",
       "震川",
       "zhenchuan",
       Domain::kStreet,
       {{kWx, "震川发布"}}},
      {"昆山市发展和改革委员会", "市发改委", "重点项目", "fgw", Domain::kWork, {{kWx, "昆山发改"}}},
      {"昆山市教育局",
       "市教育局",
       "教育",
       "jiaoyu",
       Domain::kEducation,
       {{kWx, "昆山教育"}, {kWb, "昆山教育发布"}, {kDy, "昆山教育"}}},
      {"昆山市科学技术局", "市科技局", "科技创新", "keji", Domain::kWork, {{kWx, "昆山科技"}}},
      {"昆山市工业和信息化局",
       "市工信局",
       "智能制造",
       "gongxin",
       Domain::kWork,
       {{kWx, "昆山工信"}}},
      {"昆山市公安局",
       "市公安局",
       "平安建设",
       "gongan",
       Domain::kPolice,
       {{kWx, "平安昆山"}, {kWb, "昆山公安"}, {kDy, "昆山警方"}}},
      {"昆山市民政局", "市民政局", "民政服务", "minzheng", Domain::kCivil, {{kWx, "昆山民政"}}},
      {"昆山市司法局",
       "市司法局",
       "法治建设",
       "sifa",
       Domain::kJustice,
       {{kWx, "昆山司法"}, {kWb, "昆山普法"}}},
      {"昆山市财政局", "市财政局", "财政资金", "caizheng", Domain::kWork, {{kWx, "昆山财政"}}},
      {"昆山市人力资源和社会保障局",
       "市人社局",
       "就业社保",
       "renshe",
       Domain::kHr,
       {{kWx, "昆山人社"}, {kDy, "昆山人社"}, {kWb, "昆山就业"}}},
      {"昆山市自然资源和规划局",
       "市自然资源和规划局",
       "国土空间规划",
       "ziranziyuan",
       Domain::kWork,
       {{kWx, "昆山自然资源和规划"}}},
      {"昆山市住房和城乡建设局",
       "市住建局",
       "城乡建设",
       "zhujian",
       Domain::kHousing,
       {{kWx, "昆山住建"}}},
      {"昆山市城市管理局",
       "市城管局",
       "城市管理",
       "chengguan",
       Domain::kCityManagement,
       {{kWx, "昆山城管"}, {kWb, "昆山城管"}}},
      {"昆山市交通运输局",
       "市交通运输局",
       "交通运输",
       "jiaotong",
       Domain::kTransport,
       {{kWx, "昆山交通"}, {kTt, "昆山交通运输"}}},
      {"昆山市水务局", "市水务局", "水务", "shuiwu", Domain::kWater, {{kWx, "昆山水务"}}},
      {"昆山市农业农村局",
       "市农业农村局",
       "农业农村",
       "nongye",
       Domain::kAgriculture,
       {{kWx, "昆山农业农村"}}},
      {"昆山市商务局", "市商务局", "消费促进", "shangwu", Domain::kWork, {{kWx, "昆山商务"}}},
      {"昆山市文体广电和旅游局",
       "市文体广电和旅游局",
       "文化旅游",
       "wenlv",
       Domain::kCulture,
       {{kWx, "昆山文旅"}, {kWb, "昆山文旅"}, {kDy, "游昆山"}}},
      {"昆山市卫生健康委员会",
       "市卫健委",
       "卫生健康",
       "weijian",
       Domain::kHealth,
       {{kWx, "健康昆山"}, {kWb, "昆山卫健"}, {kSvc, "昆山预约挂号"}}},
      {"昆山市退役军人事务局",
       "市退役军人事务局",
       "退役军人服务",
       "tuiyi",
       Domain::kVeteran,
       {{kWx, "昆山退役军人"}}},
      {"昆山市应急管理局",
       "市应急管理局",
       "安全生产",
       "yingji",
       Domain::kEmergency,
       {{kWx, "昆山应急管理"}, {kWb, "昆山应急"}}},
      {"昆山市审计局", "市审计局", "审计监督", "shenji", Domain::kWork, {{kWx, "昆山审计"}}},
      {"昆山市行政审批局",
       "市行政审批局",
       "政务服务",
       "shenpi",
       Domain::kService,
       {{kSvc, "昆山政务服务"}, {kWx, "昆山行政审批"}, {kApp, "昆山政务服务"}}},
      {"昆山市市场监督管理局",
       "市市场监管局",
       "市场监管",
       "shichang",
       Domain::kMarket,
       {{kWx, "昆山市场监管"}, {kWb, "昆山市场监管"}}},
      {"昆山市统计局",
       "市统计局",
       "统计调查",
       "tongji",
       Domain::kWork,
       {{kWx, "昆山统计"}, {kWb, "昆山统计"}}},
      {"昆山市医疗保障局",
       "市医保局",
       "医保服务",
       "yibao",
       Domain::kWork,
       {{kWx, "昆山医保"}, {kSvc, "昆山医保服务"}}},
      {"昆山市信访局", "市信访局", "信访工作", "xinfang", Domain::kWork, {{kWx, "昆山信访"}}},
      {"昆山市生态环境局",
       "市生态环境局",
       "生态环境",
       "shengtai",
       Domain::kEnvironment,
       {{kWx, "昆山生态环境"}}},
      {"昆山市海关", "昆山海关", "通关服务", "haiguan", Domain::kWork, {{kWx, "昆山海关"}}},
      {"昆山市气象局",
       "市气象局",
       "气象服务",
       "qixiang",
       Domain::kWeather,
       {{kWx, "昆山气象"}, {kWb, "昆山气象"}, {kDy, "昆山气象"}}},
      {"昆山市住房公积金管理中心",
       "市住房公积金管理中心",
       "公积金",
       "gongjijin",
       Domain::kFund,
       {{kSvc, "昆山公积金"}}},
      {"昆山市税务局",
       "市税务局",
       "税费服务",
       "shuiwuju",
       Domain::kTax,
       {{kWx, "昆山税务"}, {kWb, "昆山税务"}}},
      {"昆山市人民银行",
       "人民银行昆山市分行",
       "金融服务",
       "renhang",
       Domain::kWork,
       {{kWx, "人民银行昆山"}}},
      {"昆山市融媒体中心",
       "市融媒体中心",
       "新闻",
       "rongmei",
       Domain::kMedia,
       {{kWx, "昆山融媒"}, {kDy, "昆山融媒"}, {kTt, "昆山融媒"}, {kApp, "第一昆山"}}},
      {"昆山市消防大队",
       "市消防救援大队",
       "消防安全",
       "xiaofang",
       Domain::kFire,
       {{kWx, "昆山消防"}, {kWb, "昆山消防"}, {kDy, "昆山消防"}}},
  };
  return *units;
}

std::string PersonName(Lcg& rng) {
  static const char* const kSurnames[] = {
      "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "朱", "胡",
      "顾", "沈", "陆", "钱", "蒋", "姚", "范", "金", "许", "陶", "汤", "邹", "缪", "曹"};
  static const char* const kGiven[] = {
      "建华", "晓峰", "丽娟", "志强", "海燕", "国平", "文杰", "雪梅", "振宇",
      "婷婷", "俊",   "敏",   "磊",   "静",   "伟",   "芳",   "洁",   "颖",
      "斌",   "慧",   "涛",   "琳",   "晨",   "亮",   "佳怡", "浩然", "嘉欣",
      "一鸣", "卫东", "春华", "秋萍", "红梅", "建国", "立新", "晓燕", "子涵"};
  return std::string(rng.Pick(kSurnames)) + rng.Pick(kGiven);
}

std::string PostText(const UnitPlan& unit, Date day, const core::WorkCalendar& calendar, Lcg& rng,
                     const std::vector<std::string>& recent) {
  auto once = [&]() -> std::string {
    bool during = false;
    if (const HolidayText* h = HolidayNear(day, calendar, 5, &during); h && rng.Chance(45))
      return Fill(during ? h->during : h->before, unit, day, rng);
    const int kind = static_cast<int>(rng.Next(100));
    if (kind < 40) {
      const auto& subjects = Subjects().at(unit.domain);
      return Replace(Fill(rng.Pick(kFrames), unit, day, rng), "{s}", rng.Pick(subjects));
    }
    std::vector<const Topic*> fitting;
    auto add = [&](const std::vector<Topic>& topics) {
      for (const auto& t : topics)
        if (Fits(t, day)) fitting.push_back(&t);
    };
    if (kind < 65) add(SeasonTopics());
    if (fitting.empty()) add(DomainTopics().at(unit.domain));
    return Fill(rng.Pick(fitting)->text, unit, day, rng);
  };
  std::string text = once();
  // The same notice twice within weeks reads like a machine: draw again.
  auto seen = [&] {
    return std::any_of(recent.begin(), recent.end(),
                       [&](const std::string& r) { return r.starts_with(text); });
  };
  for (int k = 0; k < 6 && seen(); ++k) text = once();
  return text + rng.Pick(kTails);
}

}  // namespace govmedia::app::demo
