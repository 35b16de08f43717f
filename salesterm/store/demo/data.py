"""Word pools for the demo data and the import benchmark: the names, places and phrases of a
Chinese consumer-goods distributor's sales team. Pure data and small pure helpers."""
from __future__ import annotations

import random

from salesterm.domain.textkeys import normalise_name

# city -> (area code, districts)
CITIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "广州": ("020", ("天河区", "越秀区", "海珠区", "白云区", "番禺区", "荔湾区", "黄埔区", "花都区")),
    "深圳": ("0755", ("福田区", "罗湖区", "南山区", "宝安区", "龙岗区", "龙华区")),
    "佛山": ("0757", ("禅城区", "南海区", "顺德区", "三水区", "高明区")),
    "东莞": ("0769", ("莞城街道", "南城街道", "东城街道", "长安镇", "虎门镇", "常平镇")),
    "中山": ("0760", ("石岐街道", "东区街道", "小榄镇", "古镇镇")),
    "珠海": ("0756", ("香洲区", "斗门区", "金湾区")),
    "惠州": ("0752", ("惠城区", "惠阳区", "博罗县")),
    "江门": ("0750", ("蓬江区", "江海区", "新会区", "台山市")),
    "肇庆": ("0758", ("端州区", "鼎湖区", "四会市")),
    "清远": ("0763", ("清城区", "清新区", "英德市")),
    "韶关": ("0751", ("浈江区", "武江区", "曲江区")),
    "湛江": ("0759", ("赤坎区", "霞山区", "廉江市")),
    "汕头": ("0754", ("金平区", "龙湖区", "澄海区", "潮阳区")),
    "长沙": ("0731", ("芙蓉区", "天心区", "岳麓区", "开福区", "雨花区")),
    "南宁": ("0771", ("青秀区", "兴宁区", "江南区", "西乡塘区")),
    "重庆": ("023", ("渝中区", "江北区", "沙坪坝区", "九龙坡区", "南岸区")),
    "厦门": ("0592", ("思明区", "湖里区", "集美区", "同安区")),
}
STREETS = ("中山路", "解放路", "人民路", "建设路", "新华路", "工业大道", "环城路", "商业街", "滨江路",
           "朝阳路", "和平路", "东风路", "胜利路", "长江路", "迎宾大道", "农贸市场", "批发市场")
BRAND_WORDS = ("鑫源", "华润", "恒达", "永盛", "金利", "宏发", "顺发", "福满", "嘉禾", "富康", "德隆", "万家",
               "天和", "百佳", "新兴", "汇通", "联华", "兴旺", "长青", "瑞丰", "锦华", "广信", "荣昌", "鸿运",
               "和美", "乐购", "好又多", "佳乐", "旺角", "泰和", "同心", "大成", "永辉", "利民", "安康", "益民",
               "惠民", "盛世", "聚福", "隆兴", "振华", "金泰", "宝丰", "鼎盛", "达利", "美佳", "信诚", "星辉",
               "润发", "中兴", "华联", "明珠", "银河", "东方", "南方", "海天", "华美", "嘉信", "正大", "合众",
               "远航", "新世纪", "金桥", "红星", "春风", "一品", "鸿福", "吉祥", "四季", "百川", "众诚", "宏达")
INDUSTRIES = ("食品", "粮油", "副食", "酒水", "饮料", "日化", "日用品", "百货", "烟酒", "调味品", "乳业",
              "休闲食品", "冷冻食品", "茶业", "商贸", "贸易", "物流", "电器")
# company forms (the suffix decides the kind of customer)
DISTRIBUTOR_FORMS = ("贸易有限公司", "商贸有限公司", "食品有限公司", "实业有限公司", "批发部", "经营部",
                     "供应链有限公司", "商行")
WHOLESALE_FORMS = ("批发部", "商行")  # the distributor forms that name a wholesaler (批发商)
TRADE_KINDS = ("distributor", "wholesaler")  # who buys by the truckload and sells on
BUYER_KINDS = ("retailer", "wholesaler", "distributor")  # who buys from us
RETAIL_FORMS = ("超市", "便利店", "商店", "百货店", "烟酒店", "副食店", "生活超市", "购物广场", "商行",
                "经营部", "便利超市")
RETAIL_TRADES = ("副食", "烟酒", "日用品", "食品", "粮油", "百货", "酒水", "茶叶")
SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
            "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "邓", "冯", "韩", "曹", "曾", "彭",
            "萧", "蔡", "潘", "田", "董", "袁", "于", "余", "叶", "蒋", "杜", "苏", "魏", "程", "吕", "丁",
            "沈", "任", "姚", "卢", "傅", "钟", "姜", "崔", "谭", "廖", "范", "汪", "陆", "金", "石", "戴",
            "欧阳", "司马", "诸葛")
GIVEN = ("伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
         "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "建国", "志强", "海燕", "晓东", "文", "斌",
         "浩", "宇", "鹏", "婷", "雪", "慧", "俊", "红", "玲", "华", "飞", "辉", "鑫", "晶", "琳", "丹",
         "国庆", "春梅", "德明", "少华", "美玲", "嘉欣", "子豪", "梓涵", "一鸣", "思远", "丽华", "小红")
TITLES = ("老板", "老板娘", "总经理", "采购经理", "采购", "店长", "财务", "仓库主管", "副总", "门店经理",
          "会计", "出纳", "业务主管")
MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                   "155", "156", "157", "158", "159", "166", "176", "177", "180", "181", "182", "186",
                   "187", "188", "189", "191", "198", "199")
TAGS = ("重点客户", "新客户", "老客户", "回款慢", "回款快", "价格敏感", "要求高", "合作稳定", "有潜力",
        "竞品强", "节日大单", "夫妻店", "连锁", "社区店", "学校周边", "乡镇", "夜市")
PRODUCTS = (("金龙鱼调和油5L", 6980), ("海天生抽500ml", 1250), ("李锦记蚝油", 1580), ("康师傅红烧牛肉面整箱", 5200),
            ("农夫山泉550ml整箱", 2400), ("王老吉310ml整箱", 7200), ("青岛啤酒500ml整箱", 6600),
            ("伊利纯牛奶整箱", 6500), ("蒙牛特仑苏整箱", 6900), ("洽洽瓜子", 980), ("旺旺雪饼", 1580),
            ("达利园蛋黄派", 2380), ("立白洗衣粉", 2580), ("蓝月亮洗衣液", 3990), ("维达纸巾整提", 2590),
            ("五粮液普五", 109900), ("剑南春", 45900), ("红牛整箱", 13200), ("加多宝整箱", 7000),
            ("六个核桃整箱", 6800))
COMPETITORS = ("统一", "今麦郎", "娃哈哈", "怡宝", "百事", "可口可乐", "雪花", "光明", "鲁花", "福临门",
               "奥妙", "心相印", "三只松鼠", "良品铺子")
PROMOTIONS = ("买十送一", "满500减50", "整箱9折", "陈列费每月300元", "进货送堆头", "季度返利2%",
              "新品免费试吃", "节前压货返点")
LOST_REASONS = ("价格比竞品高", "老板不在，采购不做主", "资金紧张暂不进货", "已和竞品签独家",
                "对账期不满意", "店铺转让", "要求的陈列费太高")
OUTCOMES = ("下了订单，约好下周送货", "老板在，聊得不错，答应考虑", "看了样品，价格还要再谈",
            "采购不在，留了资料", "收到部分货款", "处理了上次的投诉，客户满意", "介绍了新品，客户想先少量试销",
            "客户嫌价格高，约下次带报价单", "对账完成，约好月底付款", "店里忙，只做了陈列")
VISIT_REASONS = ("上次答应带报价单过来", "新品上市推介", "月底对账收款", "处理断货投诉", "节前备货沟通",
                 "陈列检查与生动化", "送合同过来签字", "回访上次订单的销售情况", "宣传公司新政策")
PROPOSALS = ("首单整箱9折，送货上门", "按月结账，信用额度提到两万", "新品免费试销两周，卖不掉退货",
             "端架陈列费每月300元", "节前压货返点2%", "搭配销售：油+调味品组合价")
SCRIPT_TOPICS = (
    ("开场白：第一次见老板", "开场白",
     "老板您好，我是{co}的小{sn}，我们是做{ind}配送的。今天路过您店，看到您这边生意很好，想耽误您三分钟。"),
    ("价格太高怎么回应", "处理拒绝意见",
     "老板，价格确实比别家高一点，但我们的货走得快、退换方便，算下来一个月能多赚不少。"),
    ("催款：第二次拖欠", "收款",
     "老板，上次您说月底结，今天已经过了一周了。公司规定超过期限就要停货，我也很为难，今天先结一部分可以吗？"),
    ("新品推介：三步法", "产品介绍",
     "先让老板尝，再说卖点，最后讲政策：首单送一箱，卖不掉可以退。"),
    ("促成：限时政策", "促成",
     "这个返点只到月底，您今天定下来，我明天一早就给您送货。"),
    ("电话邀约：老客户回访", "邀约",
     "王老板您好，我是小{sn}，好久没去您那边了，这周四下午您在店里吗？我带新品过去给您看看。"),
)
REVISION_NOTES = ("客户反映太长，缩短了开头", "加了具体数字，更有说服力", "去掉了和竞品直接比较的话",
                  "老板更关心账期，调整了顺序", "练习后改得更口语化")
#: how the customer took a pitch script: (reaction key of domain.notes_rules.REACTIONS, what the rep saw)
REACTIONS = (("positive", "客户点头，答应试一箱"), ("neutral", "客户没反应，说再看看"),
             ("positive", "客户笑了，气氛缓和了"), ("negative", "客户反问价格，效果一般"), ("positive", "当场下单"))
NOTE_TEXTS = {
    "market": ("城区夜市人流增加，饮料走量明显", "乡镇小店进货周期变长，多数半月一次",
               "新开两家连锁便利店，位置都在学校附近"),
    "competitor": ("{c}在搞{p}，几家店都换了陈列", "{c}业务员每周来两次，送货比我们快",
                   "{c}新品在试吃，老板说反响不错"),
    "complaint": ("上批货有三箱外包装破损", "送货晚了两天，客户很不满意", "发票开错了抬头，要求重开"),
    "opinion": ("客户希望增加小包装规格", "老板说我们的促销物料太少", "希望业务员固定周二来"),
    "price": ("{c}同款出货价比我们低5%", "客户说隔壁批发部拿货更便宜", "原材料涨价，客户担心我们也涨"),
    "policy": ("公司新的返利政策客户不太理解", "对账周期改成月结后客户反映好", "新的退货规定需要再解释一遍"),
    "after_sales": ("冰柜坏了，需要安排维修", "过期产品已经换货", "客户要求上门培训店员"),
    "other": ("老板下个月要外出，由老板娘负责进货", "店铺装修中，暂停进货两周", "客户搬到了新地址"),
}
NOTE_KINDS = tuple(NOTE_TEXTS)
NOTE_STATUSES = ("new", "forwarded", "resolved")
MANAGER_COMMENTS = ("收到，下周例会讨论", "好的，我跟公司申请一下", "继续跟进，有变化及时报告", "已处理", "")
REP_NAMES = ("张伟", "李娜", "王磊", "刘洋", "陈静", "杨帆", "黄志强", "周丽")
MANAGER_NAME = "赵建国"
REGIONS = ("天河片区", "越秀海珠片区", "白云花都片区", "番禺片区", "佛山片区", "东莞片区", "深圳片区", "中山珠海片区")
PAY_METHODS = ("现金", "银行转账", "微信", "支付宝", "承兑汇票")
ECONOMIC_NATURES = ("private", "individual", "private", "individual", "state", "collective", "joint", "foreign")
SCALES = ("年销售额50万以下", "年销售额50-200万", "年销售额200-1000万", "年销售额1000万以上")
COVERAGES = ("本街道", "本区", "全市", "周边三县", "全省")
CREDIT_STANDINGS = ("信用好，从不拖款", "一般，偶尔拖几天", "较差，需要盯紧", "新客户，待观察")


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def landline(rng: random.Random, city: str) -> str:
    code = CITIES[city][0]
    length = 8 if len(code) == 3 or rng.random() < 0.7 else 7
    return f"{code}-{rng.randrange(2, 9)}{rng.randrange(10 ** (length - 1)):0{length - 1}d}"


def company_name(rng: random.Random, city: str, distributor: bool, variant: int = 0) -> str:
    """A name of a real form: 广州市鑫源食品贸易有限公司, 天河区永盛副食批发部, 佳乐生活超市(中山路店).
    VARIANT > 0 widens the pool when names start to repeat: a two-word brand (鑫源恒达),
    then a numbered one."""
    brand = rng.choice(BRAND_WORDS)
    if variant:
        brand += rng.choice(BRAND_WORDS)
    if variant > 3:
        brand += _serial_word(variant - 3)
    industry = rng.choice(INDUSTRIES)
    if distributor:
        form = rng.choice(DISTRIBUTOR_FORMS)
        place = city + "市" if form.endswith("公司") else rng.choice(CITIES[city][1])
        if form.startswith(("贸易", "商贸", "食品")) and industry in ("贸易", "商贸", "食品"):
            industry = rng.choice(("粮油", "副食", "酒水", "日化"))
        return f"{place}{brand}{industry}{form}"
    form = rng.choice(RETAIL_FORMS)
    if form in ("超市", "便利店", "生活超市", "便利超市", "购物广场") and rng.random() < 0.4:
        return f"{brand}{form}({rng.choice(STREETS)}店)"
    if rng.random() < 0.5:
        return f"{rng.choice(CITIES[city][1])}{brand}{form}"
    if form in ("商店", "商行", "经营部"):  # a shop's trade goes before a plain form only
        return f"{brand}{rng.choice(RETAIL_TRADES)}{form}"
    return f"{brand}{form}"


_DIGITS = "一二三四五六七八九十"


def _serial_word(n: int) -> str:
    """A distinguishing suffix for brands reused in large demos: 二号, 十三号... in Chinese."""
    words = []
    while n:
        n, rem = divmod(n - 1, 10)
        words.append(_DIGITS[rem])
    return "".join(reversed(words)) + "号"


def address(rng: random.Random, city: str, district: str) -> str:
    return f"{city}市{district}{rng.choice(STREETS)}{rng.randrange(1, 400)}号"


def unique_company_names(rng: random.Random, count: int, cities: list[str], distributor_share: float = 0.3):
    """COUNT (name, city, is_distributor) with distinct normalised names."""
    used: set[str] = set()
    out = []
    for _ in range(count):
        city = rng.choice(cities)
        distributor = rng.random() < distributor_share
        variant = 0
        while True:
            name = company_name(rng, city, distributor, variant)
            key = normalise_name(name)
            if key not in used:
                used.add(key)
                break
            variant += 1
        out.append((name, city, distributor))
    return out


def unique_mobiles(rng: random.Random, count: int, used: set[str] | None = None) -> list[str]:
    used = used if used is not None else set()
    out = []
    while len(out) < count:
        number = mobile(rng)
        if number not in used:
            used.add(number)
            out.append(number)
    return out
