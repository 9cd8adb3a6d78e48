"""Static catalogues the synthetic court draws from: causes, charges, names, places, institutions.

Cause positions: the 2020 civil list (in force 2021-01-01) after docs/DOMAIN.md §3.3 and the
third-party enum it cites ([LFI] ContractCause.java, IpInfringementCause.java …); the 2025 list
(in force 2026-01-01) after the third-party table docs/DOMAIN.md §3.1 cites ([code id
53373774461], "共514个案由"). Both are secondary sources: a court replacing them with the
official text changes this file only. Level-4 causes are written "103(3)" like the list.
Criminal charges are coded by their Criminal Law article; administrative causes by a local key.

Shares and distributions are the generator's ASSUMPTIONS, tuned to look like Shanghai's
published caseload (about a million cases a year: civil and commercial the majority, execution
about a quarter); they are not statistics.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- civil and commercial causes -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CivilCause:
    name: str
    code_2020: str
    code_2025: str
    family: str  # civil | commercial | ip | maritime
    parent: str | None
    weight: float  # share among basic-court first instance (民初)
    plaintiff: str  # party-kind mix, see PARTY_KINDS, e.g. "N:0.9,C:0.1"
    defendant: str
    co_defendant: float = 0.0  # probability of a second defendant
    co_kind: str = "N"
    amount_median: float = 50_000.0
    amount_sigma: float = 1.0
    closing: str = "default"  # closing-method profile, see CLOSING_PROFILES
    financial: bool = False  # appeals go to the financial court 沪74
    loan: bool = False  # civil_outcomes carry an interest item with a contract date
    money: bool = True  # judgments order money


# Party kinds: N natural person (fresh), C company (fresh), and institutional repeat players
# drawn from fixed pools: B bank, L small-loan company, F finance-lease company, P property
# manager, I insurer, H hospital, G guarantee company.
CIVIL_CAUSES: tuple[CivilCause, ...] = (
    CivilCause("民间借贷纠纷", "103(3)", "108(3)", "civil", "借款合同纠纷", 9.0, "N:0.92,C:0.08", "N:0.85,C:0.15", 0.3, "N", 100_000, 1.1, "lending", loan=True),
    CivilCause("金融借款合同纠纷", "103(1)", "108(1)", "commercial", "借款合同纠纷", 8.0, "B:1", "N:0.8,C:0.2", 0.3, "N", 200_000, 1.2, "finance", financial=True, loan=True),
    CivilCause("信用卡纠纷", "110(2)", "115(2)", "commercial", "银行卡纠纷", 5.0, "B:1", "N:1", 0.0, "N", 30_000, 0.8, "finance", financial=True, loan=True),
    CivilCause("小额借款合同纠纷", "103(4)", "108(4)", "commercial", "借款合同纠纷", 2.0, "L:1", "N:1", 0.0, "N", 20_000, 0.8, "finance", financial=True, loan=True),
    CivilCause("融资租赁合同纠纷", "112", "117", "commercial", "合同纠纷", 1.5, "F:1", "C:0.6,N:0.4", 0.4, "N", 300_000, 1.2, "finance", financial=True),
    CivilCause("保险人代位求偿权纠纷", "333(5)", "371(5)", "commercial", "财产保险合同纠纷", 3.0, "I:1", "N:0.7,C:0.3", 0.0, "N", 20_000, 1.0, "finance", financial=True),
    CivilCause("买卖合同纠纷", "84", "88", "commercial", "合同纠纷", 10.0, "C:0.75,N:0.25", "C:0.7,N:0.3", 0.15, "N", 150_000, 1.3),
    CivilCause("信息网络买卖合同纠纷", "84(8)", "88(8)", "commercial", "买卖合同纠纷", 2.0, "N:1", "C:0.8,N:0.2", 0.0, "N", 5_000, 1.0),
    CivilCause("产品责任纠纷", "373", "410", "civil", "侵权责任纠纷", 0.8, "N:1", "C:1", 0.2, "C", 10_000, 1.0),
    CivilCause("物业服务合同纠纷", "121", "126", "civil", "合同纠纷", 8.0, "P:1", "N:1", 0.0, "N", 6_000, 0.8),
    CivilCause("劳动合同纠纷", "186", "205", "civil", "劳动争议", 3.0, "N:0.85,C:0.15", "C:0.85,N:0.15", 0.0, "N", 50_000, 1.0, "labour"),
    CivilCause("追索劳动报酬纠纷", "186(5)", "205(5)", "civil", "劳动合同纠纷", 2.5, "N:1", "C:1", 0.0, "N", 30_000, 0.9, "labour"),
    CivilCause("机动车交通事故责任纠纷", "374", "411", "civil", "侵权责任纠纷", 7.0, "N:1", "N:1", 0.9, "I", 80_000, 1.0, "traffic"),
    CivilCause("离婚纠纷", "14", "14", "civil", "婚姻家庭纠纷", 5.0, "N:1", "N:1", 0.0, "N", 0, 0.0, "divorce", money=False),
    CivilCause("房屋租赁合同纠纷", "111(2)", "116(2)", "civil", "租赁合同纠纷", 5.0, "N:0.6,C:0.4", "N:0.6,C:0.4", 0.1, "N", 50_000, 1.0),
    CivilCause("房屋买卖合同纠纷", "91", "96", "civil", "合同纠纷", 3.0, "N:1", "N:0.8,C:0.2", 0.3, "N", 500_000, 1.0),
    CivilCause("建设工程施工合同纠纷", "115(3)", "120(3)", "commercial", "建设工程合同纠纷", 2.0, "C:1", "C:1", 0.2, "C", 1_000_000, 1.2),
    CivilCause("服务合同纠纷", "137", "142", "commercial", "合同纠纷", 4.0, "C:0.7,N:0.3", "N:0.5,C:0.5", 0.0, "N", 20_000, 1.0),
    CivilCause("劳务合同纠纷", "139", "144", "civil", "合同纠纷", 2.0, "N:1", "N:0.5,C:0.5", 0.0, "N", 20_000, 0.9),
    CivilCause("追偿权纠纷", "143", "147", "commercial", "合同纠纷", 2.0, "G:1", "N:1", 0.3, "N", 100_000, 1.0, "finance", loan=True),
    CivilCause("委托理财合同纠纷", "120", "125", "commercial", "合同纠纷", 0.8, "N:1", "C:1", 0.0, "N", 300_000, 1.0),
    CivilCause("合伙合同纠纷", "127", "132", "civil", "合同纠纷", 1.0, "N:1", "N:1", 0.0, "N", 200_000, 1.0),
    CivilCause("生命权、身体权、健康权纠纷", "1", "1", "civil", "人格权纠纷", 2.0, "N:1", "N:1", 0.0, "N", 30_000, 1.0, "traffic"),
    CivilCause("医疗损害责任纠纷", "376", "413", "civil", "侵权责任纠纷", 0.6, "N:1", "H:1", 0.0, "N", 150_000, 1.0),
    # IP (知): first instance at 沪73 and the basic courts designated for IP (IP_BASIC_COURTS)
    CivilCause("侵害作品信息网络传播权纠纷", "158(13)", "164(13)", "ip", "著作权权属、侵权纠纷", 0.0, "C:1", "C:1", 0.0, "C", 30_000, 1.0, "ip"),
    CivilCause("侵害商标权纠纷", "159(2)", "165(2)", "ip", "商标权权属、侵权纠纷", 0.0, "C:1", "C:0.7,N:0.3", 0.0, "C", 100_000, 1.2, "ip"),
    CivilCause("侵害外观设计专利权纠纷", "160(5)", "169(3)", "ip", "专利权权属、侵权纠纷", 0.0, "C:1", "C:1", 0.0, "C", 200_000, 1.0, "ip"),
    # maritime (沪72)
    CivilCause("海上、通海水域货物运输合同纠纷", "202", "228", "maritime", "海事海商纠纷", 0.0, "C:1", "C:1", 0.0, "C", 400_000, 1.2),
    # bankruptcy-derived suits (与破产有关的纠纷): only through bankruptcy cases
    CivilCause("请求撤销个别清偿行为纠纷", "289", "327", "commercial", "与破产有关的纠纷", 0.0, "C:1", "C:1", 0.0, "C", 300_000, 1.0),
    CivilCause("对外追收债权纠纷", "291", "329", "commercial", "与破产有关的纠纷", 0.0, "C:1", "C:1", 0.0, "C", 300_000, 1.0),
    CivilCause("破产债权确认纠纷", "295", "333", "commercial", "与破产有关的纠纷", 0.0, "C:1", "C:1", 0.0, "C", 500_000, 1.0, money=False),
)  # fmt: skip

CIVIL_BY_NAME: dict[str, CivilCause] = {c.name: c for c in CIVIL_CAUSES}

IP_CAUSES = ("侵害作品信息网络传播权纠纷", "侵害商标权纠纷", "侵害外观设计专利权纠纷")
IP_WEIGHTS = (0.55, 0.35, 0.10)
FINANCIAL_COURT_CAUSES = ("金融借款合同纠纷", "融资租赁合同纠纷", "委托理财合同纠纷")
INTERMEDIATE_FIRST_CAUSES = (
    "买卖合同纠纷",
    "建设工程施工合同纠纷",
    "民间借贷纠纷",
    "房屋买卖合同纠纷",
)
#: Causes of the professional counterfeit-hunter pattern (docs/ANOMALIES.md).
PUNITIVE_CAUSES = ("产品责任纠纷", "买卖合同纠纷", "信息网络买卖合同纠纷")

# --- closing methods ---------------------------------------------------------------------------

#: First-instance closing-method mixes: judgment, mediation, withdrawal, dismissal (驳回起诉),
#: transfer (移送), ruling (other rulings). Withdrawals include 按撤诉处理.
CLOSING_PROFILES: dict[str, tuple[float, float, float, float, float, float]] = {
    "default": (0.38, 0.27, 0.28, 0.02, 0.01, 0.04),
    "lending": (0.45, 0.25, 0.25, 0.02, 0.01, 0.02),
    "finance": (0.60, 0.15, 0.20, 0.01, 0.01, 0.03),
    "divorce": (0.35, 0.35, 0.28, 0.01, 0.00, 0.01),
    "traffic": (0.35, 0.45, 0.17, 0.01, 0.01, 0.01),
    "labour": (0.50, 0.25, 0.20, 0.02, 0.01, 0.02),
    "ip": (0.40, 0.15, 0.42, 0.01, 0.01, 0.01),
}

# --- criminal charges --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Charge:
    name: str  # without 罪
    article: str  # Criminal Law article (cause_code in list "criminal")
    weight: float
    penalty: str  # mix over fixed_term / criminal_detention / public_surveillance / fine_only
    term: tuple[int, int]  # fixed-term months (min, max)
    probation: float  # share given probation (缓刑)
    fine: tuple[int, int] | None  # clean fine range in yuan (None: no fine for this charge)
    amount: tuple[float, float] | None = None  # crime amount lognormal (median, sigma)
    victims: tuple[int, int] = (0, 0)
    accomplices: float = 0.1  # probability of more than one defendant
    unit: float = 0.0  # probability that a company is also a defendant (单位犯罪)
    fast_track: float = 0.35  # share tried in 速裁程序


CHARGES: tuple[Charge, ...] = (
    Charge("危险驾驶", "133之一", 24.0, "criminal_detention:1", (0, 0), 0.45, (2000, 20000), fast_track=0.7),
    Charge("盗窃", "264", 19.0, "fixed_term:0.55,criminal_detention:0.4,public_surveillance:0.05", (6, 36), 0.3, (1, 1), (6000, 1.0), (1, 1), 0.15, fast_track=0.5),
    Charge("诈骗", "266", 11.0, "fixed_term:1", (6, 120), 0.25, (2000, 200000), (60000, 1.2), (1, 3), 0.2),
    Charge("帮助信息网络犯罪活动", "287之二", 9.0, "fixed_term:0.7,criminal_detention:0.3", (6, 24), 0.35, (2000, 20000), accomplices=0.3, fast_track=0.4),
    Charge("贩卖毒品", "347", 5.0, "fixed_term:0.9,criminal_detention:0.1", (6, 180), 0.05, (1000, 50000), accomplices=0.2),
    Charge("故意伤害", "234", 5.0, "fixed_term:0.9,criminal_detention:0.1", (6, 60), 0.35, None, None, (1, 1), 0.15),
    Charge("交通肇事", "133", 4.0, "fixed_term:0.9,criminal_detention:0.1", (6, 36), 0.6, None, None, (1, 2), 0.0),
    Charge("寻衅滋事", "293", 4.0, "fixed_term:0.8,criminal_detention:0.2", (6, 36), 0.3, None, None, (1, 2), 0.3),
    Charge("掩饰、隐瞒犯罪所得", "312", 4.0, "fixed_term:0.6,criminal_detention:0.4", (6, 36), 0.4, (2000, 30000), accomplices=0.2),
    Charge("开设赌场", "303", 3.0, "fixed_term:1", (6, 60), 0.3, (5000, 100000), accomplices=0.4),
    Charge("合同诈骗", "224", 1.5, "fixed_term:1", (12, 120), 0.2, (10000, 200000), (300000, 1.0), (1, 2), 0.15),
    Charge("职务侵占", "271", 1.5, "fixed_term:1", (6, 84), 0.4, (5000, 100000), (200000, 1.0), (0, 0), 0.1),
    Charge("容留他人吸毒", "354", 1.0, "fixed_term:0.6,criminal_detention:0.4", (6, 24), 0.2, (2000, 10000)),
    Charge("非法吸收公众存款", "176", 1.5, "fixed_term:1", (12, 96), 0.3, (50000, 500000), (5000000, 1.0), (2, 5), 0.5, 0.3, 0.0),
    Charge("集资诈骗", "192", 0.4, "fixed_term:1", (36, 180), 0.0, (50000, 1000000), (10000000, 1.0), (2, 5), 0.3, 0.2, 0.0),
    Charge("贪污", "382", 0.4, "fixed_term:1", (0, 0), 0.2, (0, 0), (500000, 1.2), fast_track=0.0),
    Charge("受贿", "385", 0.6, "fixed_term:1", (0, 0), 0.2, (0, 0), (800000, 1.2), fast_track=0.0),
)  # fmt: skip

CHARGE_BY_NAME: dict[str, Charge] = {c.name: c for c in CHARGES}
FUNDRAISING_CHARGES = ("非法吸收公众存款", "集资诈骗")
CORRUPTION_CHARGES = ("贪污", "受贿")

# --- execution outside prison: parole and 暂予监外执行 (社区矫正 besides probation) -----------

#: Share of eligible prison terms whose convict is released on parole (假释) within the data
#: window. Eligible (刑法第八十一条): a fixed term of 12 months or more, not suspended, half of it
#: served, not barred (PAROLE_BARRED with ten years or more). China paroles few prisoners — far
#: fewer than it commutes (减刑) — and probation is the great majority of those handed to community
#: corrections, parolees a small part and 暂予监外执行 a smaller one; these shares are set to give
#: that order in the synthetic court (docs/SERVICES.md, "Parole and 暂予监外执行").
PAROLE_SHARE = 0.08
#: Charges whose terms of ten years or more bar parole (刑法第八十一条第二款; recidivism, the
#: other bar, is not a sentence column).
PAROLE_BARRED = ("故意杀人", "强奸", "抢劫", "绑架", "放火", "爆炸", "投放危险物质")
#: Share of custodial sentences (not suspended, still running at judgment) for which the court
#: decides 暂予监外执行 on judgment (刑事诉讼法第二百六十五条), and the grounds' mix: serious
#: illness, a woman pregnant or nursing her baby (until it is one year old), unable to look after
#: oneself.
OUTSIDE_PRISON_SHARE = 0.012
OUTSIDE_PRISON_REASONS = (("serious_illness", 0.7), ("unable_self_care", 0.2), ("pregnant_or_nursing", 0.1))  # fmt: skip

# --- administrative causes (行政案件案由, keyed locally) ---------------------------------------

ADMIN_CAUSES: tuple[tuple[str, str, float], ...] = (
    ("A01", "行政处罚", 22.0),
    ("A02", "政府信息公开", 14.0),
    ("A03", "行政确认（工伤认定）", 12.0),
    ("A04", "行政复议", 10.0),
    ("A05", "不履行法定职责", 10.0),
    ("A06", "行政征收（房屋征收补偿）", 9.0),
    ("A07", "行政强制", 8.0),
    ("A08", "行政登记", 6.0),
    ("A09", "行政许可", 5.0),
    ("A10", "行政给付", 4.0),
)

#: District-level agencies that are defendants in administrative cases (prefixed by the
#: district government's name: 上海市浦东新区 + 市场监督管理局).
AGENCIES = (
    "人民政府", "市场监督管理局", "人力资源和社会保障局", "规划和自然资源局", "住房和城乡建设管理委员会",
    "城市管理行政执法局", "生态环境局", "税务局", "民政局", "房屋管理局",
)  # fmt: skip
AGENCY_WEIGHTS = (0.18, 0.16, 0.14, 0.1, 0.08, 0.1, 0.05, 0.06, 0.03, 0.1)

# --- people --------------------------------------------------------------------------------

# Surnames by approximate frequency (top of the national list; Shanghai differs a little).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
SURNAME_WEIGHTS = (
    7.1,
    7.0,
    6.7,
    5.4,
    4.5,
    3.1,
    2.2,
    2.0,
    2.0,
    1.7,
    1.6,
    1.5,
    1.4,
    1.3,
    1.3,
    1.2,
    1.2,
    1.1,
    1.1,
    1.1,
    1.1,
    0.9,
    0.9,
    0.9,
    0.9,
    0.8,
    0.8,
    0.8,
    0.8,
    0.7,
    0.7,
    0.7,
    0.7,
    0.6,
    0.6,
    0.6,
    0.5,
    0.5,
    0.5,
    0.5,
    0.5,
    0.5,
    0.5,
    0.5,
    0.5,
    0.5,
    0.5,
    0.5,
    0.4,
    0.4,
    0.5,
    0.4,
    0.4,
    0.4,
    0.4,
    0.4,
    0.4,
    0.4,
    0.4,
    0.4,
    0.4,
    0.4,
    0.4,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.2,
    0.2,
    0.3,
    0.2,
    0.2,
    0.3,
    0.2,
    0.2,
    0.2,
    0.2,
    0.2,
    0.2,
    0.2,
    0.2,
    0.2,
    0.2,
    0.2,
)
GIVEN_MALE = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
GIVEN_FEMALE = "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
ETHNICITIES = ("汉族", "回族", "满族", "蒙古族", "朝鲜族", "土家族", "维吾尔族", "壮族", "苗族")
ETHNICITY_WEIGHTS = (0.975, 0.007, 0.005, 0.003, 0.003, 0.002, 0.002, 0.002, 0.001)
#: Uyghur names are written with a middle dot; the full-width and bullet variants of the dot
#: are the "full-width character" hard variant for persons.
UYGHUR_PARTS = (
    "买买提", "艾力", "阿不都", "吐尔逊", "热合曼", "阿依古丽", "古丽", "努尔", "依明", "帕提古丽",
    "艾合买提", "阿迪力", "迪丽拜尔", "玉素甫",
)  # fmt: skip
NAME_DOTS = ("·", "•", "．")  # canonical, then variants seen in records

# --- places --------------------------------------------------------------------------------

ROADS = (
    "南京东路", "淮海中路", "延安西路", "中山北路", "四平路", "长寿路", "曹杨路", "虹桥路", "天山路", "古北路",
    "漕溪北路", "肇嘉浜路", "龙华路", "浦东南路", "世纪大道", "张杨路", "东方路", "杨高中路", "川沙路", "沪南公路",
    "莘庄路", "七莘路", "吴中路", "都市路", "共和新路", "场中路", "牡丹江路", "友谊路", "博乐路", "城中路",
    "清河路", "石化大道", "卫零路", "中山中路", "人民北路", "公园路", "外青松公路", "南桥路", "解放路", "八一路",
    "大连路", "控江路", "黄兴路", "江湾路", "四川北路", "临平路", "武宁路", "大渡河路", "真北路", "金沙江路",
    "宜山路", "桂林路", "田林路", "徐家汇路", "西藏南路", "陆家浜路", "凯旋路", "仙霞路", "北翟路", "华山路",
)  # fmt: skip
#: Division codes (行政区划代码) of districts abolished or merged; still on ID cards issued there.
LEGACY_DIVISIONS = (
    ("310103", "黄浦区"),
    ("310108", "静安区"),
    ("310225", "浦东新区"),
    ("310230", "崇明区"),
)
#: Share of each basic court's caseload relative to its district population (business centres
#: and the port draw more cases than residents alone would).
COURT_LOAD_FACTOR = {
    "沪0101": 2.2, "沪0104": 1.3, "沪0105": 1.4, "沪0106": 1.8, "沪0107": 1.0, "沪0109": 1.1,
    "沪0110": 1.0, "沪0112": 1.0, "沪0113": 0.9, "沪0114": 1.0, "沪0115": 1.2, "沪0116": 0.8,
    "沪0117": 1.0, "沪0118": 0.9, "沪0120": 0.9, "沪0151": 0.7,
}  # fmt: skip
#: Basic courts that hear first-instance IP cases (知民初) besides the IP court 沪73.
IP_BASIC_COURTS = ("沪0115", "沪0104", "沪0110", "沪0107", "沪0112", "沪0114")
#: The intermediate court hearing appeals and criminal first instance for each basic court is
#: its parent in courtqc.domain.courts; administrative cases are centralised at the railway
#: court (first instance) and 沪03 (appeal), bankruptcy at 沪03 (上海破产法庭) mostly.
ADMIN_FIRST_COURT = "沪7101"
ADMIN_APPEAL_COURT = "沪03"
BANKRUPTCY_COURT = "沪03"

# --- companies and institutions --------------------------------------------------------------

TRADE_CHARS = (
    "恒泰鑫源隆盛华信达通联合创新百利金汇宏远宝德丰瑞祥安康嘉禾永福兴佳美万商晨光博雅天成中远长江浦江申城东方"
    "海纳卓越汇丰鼎力锦程润泽星辰凯瑞翔宇鸿运昌荣嘉诚正大新亚亚太环球润华盈科致远众诚智联云帆明德腾达立信协和"
)
INDUSTRIES = (
    "贸易", "科技", "实业", "建筑工程", "物流", "餐饮管理", "信息技术", "电子商务", "投资管理", "装饰工程",
    "网络科技", "文化传媒", "供应链管理", "机械设备", "服装", "食品", "汽车服务", "人力资源", "广告", "环保科技",
)  # fmt: skip
#: Latin-letter trade names, where the full-width variant (ＡＢＣ) shows up in records.
LATIN_TRADES = ("ABC", "JMC", "KTV", "IBS", "GMT", "UTS", "HLC", "DMK")
SUFFIX_LTD = "有限公司"
SUFFIX_LLC = "有限责任公司"  # the same company, written out in full in some records
SUFFIX_JSC = "股份有限公司"

BANKS = (
    "中国工商银行股份有限公司上海市分行", "中国建设银行股份有限公司上海市分行", "中国银行股份有限公司上海市分行",
    "中国农业银行股份有限公司上海市分行", "交通银行股份有限公司上海市分行", "招商银行股份有限公司上海分行",
    "上海浦东发展银行股份有限公司上海分行", "上海银行股份有限公司", "上海农村商业银行股份有限公司",
    "中信银行股份有限公司上海分行", "中国民生银行股份有限公司上海分行", "兴业银行股份有限公司上海分行",
    "平安银行股份有限公司上海分行", "华夏银行股份有限公司上海分行", "中国光大银行股份有限公司上海分行",
    "广发银行股份有限公司上海分行", "宁波银行股份有限公司上海分行", "南京银行股份有限公司上海分行",
    "中国邮政储蓄银行股份有限公司上海分行", "北京银行股份有限公司上海分行",
)  # fmt: skip
INSURERS = (
    "中国人民财产保险股份有限公司上海市分公司", "中国平安财产保险股份有限公司上海分公司",
    "中国太平洋财产保险股份有限公司上海分公司", "中国大地财产保险股份有限公司上海分公司",
    "天安财产保险股份有限公司上海分公司", "中华联合财产保险股份有限公司上海分公司",
    "阳光财产保险股份有限公司上海市分公司", "永安财产保险股份有限公司上海分公司",
    "华泰财产保险有限公司上海分公司", "安盛天平财产保险有限公司",
)  # fmt: skip
HOSPITAL_KINDS = ("人民医院", "中心医院", "中医医院", "妇幼保健院", "第一人民医院", "第二人民医院")

#: Pools of repeat institutional parties: (kind code, how many per 100,000 cases, minimum).
INSTITUTION_POOLS = {
    "B": (20, 20),
    "I": (10, 10),
    "L": (20, 5),
    "F": (30, 5),
    "P": (300, 10),
    "H": (30, 5),
    "G": (20, 5),
}
INSTITUTION_INDUSTRY = {"L": "小额贷款", "F": "融资租赁", "P": "物业管理", "G": "融资担保"}

# --- departments ------------------------------------------------------------------------------

#: Departments by court level/kind: (name, family it mainly handles).
DEPARTMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "basic": (
        ("立案庭", "filing"), ("刑事审判庭", "criminal"), ("民事审判第一庭", "civil"),
        ("民事审判第二庭", "commercial"), ("金融审判庭", "financial"), ("知识产权审判庭", "ip"),
        ("行政审判庭", "administrative"), ("执行局", "enforcement"), ("审判监督庭", "retrial"),
    ),
    "intermediate": (
        ("立案庭", "filing"), ("刑事审判第一庭", "criminal"), ("民事审判第一庭", "civil"),
        ("商事审判庭", "commercial"), ("行政审判庭", "administrative"), ("执行局", "enforcement"),
        ("审判监督庭", "retrial"), ("破产审判庭", "bankruptcy"),
    ),
    "high": (
        ("立案庭", "filing"), ("刑事审判庭", "criminal"), ("民事审判庭", "civil"),
        ("知识产权审判庭", "ip"), ("审判监督庭", "retrial"), ("执行局", "enforcement"),
    ),
    "maritime": (("立案庭", "filing"), ("海商审判庭", "maritime"), ("执行局", "enforcement")),
    "ip": (("立案庭", "filing"), ("知识产权审判庭", "ip")),
    "financial": (
        ("立案庭", "filing"), ("综合审判一庭", "financial"), ("综合审判二庭", "commercial"),
        ("执行局", "enforcement"),
    ),
    "railway": (("立案庭", "filing"), ("行政审判庭", "administrative"), ("刑事审判庭", "criminal")),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Window:
    """The period the synthetic court covers; ``as_of`` is the day the data is a snapshot of."""

    start: str = "2019-01-01"
    as_of: str = "2026-06-30"
    # Relative intake per year (COVID 2020, the Shanghai lockdown 2022, then growth).
    year_weight: dict[int, float] = field(
        default_factory=lambda: {
            2019: 1.0,
            2020: 0.92,
            2021: 1.05,
            2022: 0.88,
            2023: 1.12,
            2024: 1.12,
            2025: 1.08,
            2026: 1.05,
        }
    )
