"""Table tests for the quantity recognizer (auditor.extract.quantity)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from auditor.extract.quantity import find_quantities, find_years
from auditor.types import Quantity, QuantityKind

MONEY = QuantityKind.MONEY
PERCENT = QuantityKind.PERCENT
COUNT = QuantityKind.COUNT
SCORE = QuantityKind.SCORE
MEASURE = QuantityKind.MEASURE


@dataclass(frozen=True)
class Case:
    """``span`` must be found in ``text`` with this mantissa, unit, decimals and kind."""

    text: str
    span: str
    mantissa: str
    unit: str
    decimals: int
    kind: QuantityKind
    value: str | None = None


def _only(text: str, span: str) -> Quantity:
    found = find_quantities(text)
    matching = [q for q in found if q.text == span]
    assert len(matching) == 1, [q.text for q in found]
    quantity = matching[0]
    assert text[quantity.start : quantity.end] == span
    return quantity


def _check(case: Case) -> Quantity:
    quantity = _only(case.text, case.span)
    assert quantity.mantissa == Decimal(case.mantissa)
    assert str(quantity.mantissa) == case.mantissa  # exactly as written: 20.00 stays 20.00
    assert quantity.unit == case.unit
    assert quantity.decimals == case.decimals
    assert quantity.kind is case.kind
    if case.value is not None:
        assert quantity.value == Decimal(case.value)
    return quantity


MONEY_CASES = [
    Case("申请预算资金 97.43 万元,实际支出", "97.43 万元", "97.43", "万元", 2, MONEY, "974300"),
    Case("实际支出 91.67 万元,预算执行率", "91.67 万元", "91.67", "万元", 2, MONEY, "916700"),
    Case("到位数 20.00 万元,实际支出", "20.00 万元", "20.00", "万元", 2, MONEY, "200000"),
    Case("实际支出 20.00 元,执行率为 80%", "20.00 元", "20.00", "元", 2, MONEY, "20"),
    Case("年初预算为 25 万元，到位数", "25 万元", "25", "万元", 0, MONEY, "250000"),
    Case("预算总金额97.43万元，实际拨付", "97.43万元", "97.43", "万元", 2, MONEY),
    Case("涉及金额20万元。", "20万元", "20", "万元", 0, MONEY, "200000"),
    Case("争取上级资金17万元新建", "17万元", "17", "万元", 0, MONEY),
    Case("收入  170.3  亿元，完成", "170.3  亿元", "170.3", "亿元", 1, MONEY, "17030000000"),
    Case("经营预算支出   0.5  亿元 ，", "0.5  亿元", "0.5", "亿元", 1, MONEY, "50000000"),
    Case("生产总值6.66万亿元，财政", "6.66万亿元", "6.66", "万亿元", 2, MONEY, "6660000000000"),
    Case("支出5千元用于", "5千元", "5", "千元", 0, MONEY, "5000"),
    Case("合计3.5百万元。", "3.5百万元", "3.5", "百万元", 1, MONEY, "3500000"),
    Case("资金1.2千万元到位", "1.2千万元", "1.2", "千万元", 1, MONEY, "12000000"),
    Case("补贴300元。", "300元", "300", "元", 0, MONEY),
    Case("支出 0.00 元", "0.00 元", "0.00", "元", 2, MONEY, "0"),
    Case("减轻企业财务成本8000万元。", "8000万元", "8000", "万元", 0, MONEY),
    Case("税收收入229.2亿元，增长", "229.2亿元", "229.2", "亿元", 1, MONEY),
]

PERCENT_CASES = [
    Case("预算执行率 94.09%。其中", "94.09%", "94.09", "%", 2, PERCENT, "94.09"),
    Case("预算执行率 94.09 %。", "94.09 %", "94.09", "%", 2, PERCENT),
    Case("执行率为 80%。", "80%", "80", "%", 0, PERCENT),
    Case("占部门项目总数的100%，涉及", "100%", "100", "%", 0, PERCENT),
    Case("完成预算调整的  101.9%  ，增长", "101.9%", "101.9", "%", 1, PERCENT),
    Case("可比下降  4.0%  ，", "4.0%", "4.0", "%", 1, PERCENT),
    Case("提高8个百分点。", "8个百分点", "8", "个百分点", 0, PERCENT),
    Case("森林覆盖率提高1.64个百分点。", "1.64个百分点", "1.64", "个百分点", 2, PERCENT),
    Case("比上年提高2.5百分点", "2.5百分点", "2.5", "个百分点", 1, PERCENT),
    Case("出生缺陷率3‰。", "3‰", "3", "‰", 0, PERCENT, "0.3"),
    Case("增长-2.2%，", "-2.2%", "-2.2", "%", 1, PERCENT),
    Case("合格率达到百分之八十。", "百分之八十", "80", "%", 0, PERCENT),
    Case("完成率百分之九十五点二", "百分之九十五点二", "95.2", "%", 1, PERCENT),
    Case("达到百分之 85", "百分之 85", "85", "%", 0, PERCENT),
]

COUNT_CASES = [
    Case("其中:预算项目 1 个,金额合计", "1 个", "1", "个", 0, COUNT),
    Case("本次绩效评价项目1个，占", "1个", "1", "个", 0, COUNT),
    Case("培树巾帼家政基地 2 个，", "2 个", "2", "个", 0, COUNT),
    Case("开展系列主题宣讲活动 20 场次，凝聚", "20 场次", "20", "场次", 0, COUNT),
    Case("受益妇女 3000 人次，引领", "3000 人次", "3000", "人次", 0, COUNT),
    Case("培育“乐亭福嫂”23 名，市级", "23 名", "23", "名", 0, COUNT),
    Case("共创建美丽庭院 3785 户，", "3785 户", "3785", "户", 0, COUNT),
    Case("精品线路 13 条，", "13 条", "13", "条", 0, COUNT),
    Case("排查重点人群 753 人，发现", "753 人", "753", "人", 0, COUNT),
    Case("化解各类家庭矛盾 15 件。", "15 件", "15", "件", 0, COUNT),
    Case("目前，488 个村（居）妇联", "488 个", "488", "个", 0, COUNT),
    Case("妇女小组2712个，指导", "2712个", "2712", "个", 0, COUNT),
    Case("城镇新增就业522万人、", "522万人", "522", "万人", 0, COUNT, "5220000"),
    Case("入境游客340万人次，", "340万人次", "340", "万人次", 0, COUNT, "3400000"),
    Case("经营主体1160.5万户。", "1160.5万户", "1160.5", "万户", 1, COUNT, "11605000"),
    Case("专精特新“小巨人”450家，", "450家", "450", "家", 0, COUNT),
    Case("新设8所本科院校", "8所", "8", "所", 0, COUNT),
    Case("投用充电桩92万台。", "92万台", "92", "万台", 0, COUNT),
    Case("改造2.5万套城市危旧房", "2.5万套", "2.5", "万套", 1, COUNT),
    Case("签约30批次副国级", "30批次", "30", "批次", 0, COUNT),
    Case("调研报告10篇，", "10篇", "10", "篇", 0, COUNT),
    Case("发放倡议书 2000 份；", "2000 份", "2000", "份", 0, COUNT),
    Case("新增102项重大工程", "102项", "102", "项", 0, COUNT),
    Case("开展培训3期，", "3期", "3", "期", 0, COUNT),
    Case("购置车辆2辆。", "2辆", "2", "辆", 0, COUNT),
    Case("连续30个月居全国前列", "30个月", "30", "个月", 0, COUNT),
    Case("自评得分92分，等级为优", "92分", "92", "分", 0, SCORE),
    Case("综合得分 85.5 分。", "85.5 分", "85.5", "分", 1, SCORE),
]

MEASURE_CASES = [
    Case("综合交通网总规模29.5万公里，", "29.5万公里", "29.5", "万公里", 1, MEASURE, "295000"),
    Case("新建改造高标准农田3167万亩，", "3167万亩", "3167", "万亩", 0, MEASURE),
    Case("吞吐量突破100万吨。", "100万吨", "100", "万吨", 0, MEASURE),
    Case("治理面积6779平方公里，", "6779平方公里", "6779", "平方公里", 0, MEASURE),
    Case("新能源总装机8041.6万千瓦、", "8041.6万千瓦", "8041.6", "万千瓦", 1, MEASURE),
    Case("发电装机1.6亿千瓦，", "1.6亿千瓦", "1.6", "亿千瓦", 1, MEASURE),
    Case("改造校舍1200平方米。", "1200平方米", "1200", "平方米", 0, MEASURE),
]

SEPARATOR_CASES = [
    Case("支出1,234.56万元，", "1,234.56万元", "1234.56", "万元", 2, MONEY, "12345600"),
    Case("合计12,345,678元", "12,345,678元", "12345678", "元", 0, MONEY),
    Case("收入 1,396.9 亿元", "1,396.9 亿元", "1396.9", "亿元", 1, MONEY),
    Case("预算执行率９７．４３％。", "９７．４３％", "97.43", "%", 2, PERCENT),
    Case("支出９１．６７万元，", "９１．６７万元", "91.67", "万元", 2, MONEY),
    Case("２０２５年投入１２亿元", "１２亿元", "12", "亿元", 0, MONEY),
    Case("项目１个", "１个", "1", "个", 0, COUNT),
    Case("执行率　80　％", "80　％", "80", "%", 0, PERCENT),
    # a full-width comma is a clause separator, never a thousands separator
    Case("分别为12，345万元", "345万元", "345", "万元", 0, MONEY),
]

CHINESE_CASES = [
    Case("安排资金二十五万元用于", "二十五万元", "25", "万元", 0, MONEY, "250000"),
    Case("共投入一千二百万元", "一千二百万元", "1200", "万元", 0, MONEY, "12000000"),
    Case("建成两个示范点", "两个", "2", "个", 0, COUNT),
    Case("三次亲临视察", "三次", "3", "次", 0, COUNT),
    Case("扎实办好省市十件民生实事", "十件", "10", "件", 0, COUNT),
    Case("补助十二万五千元", "十二万五千元", "125000", "元", 0, MONEY),
    Case("获资金一点五万元", "一点五万元", "1.5", "万元", 1, MONEY, "15000"),
    Case("资金一万元", "一万元", "1", "万元", 0, MONEY),
    Case("重点抓好八个方面工作", "八个", "8", "个", 0, COUNT),
]


@pytest.mark.parametrize("case", MONEY_CASES, ids=lambda c: c.span)
def test_money(case: Case) -> None:
    _check(case)


@pytest.mark.parametrize("case", PERCENT_CASES, ids=lambda c: c.span)
def test_percent(case: Case) -> None:
    _check(case)


@pytest.mark.parametrize("case", COUNT_CASES, ids=lambda c: c.span)
def test_counts_and_scores(case: Case) -> None:
    _check(case)


@pytest.mark.parametrize("case", MEASURE_CASES, ids=lambda c: c.span)
def test_measures(case: Case) -> None:
    _check(case)


@pytest.mark.parametrize("case", SEPARATOR_CASES, ids=lambda c: c.span)
def test_separators_and_full_width(case: Case) -> None:
    _check(case)


@pytest.mark.parametrize("case", CHINESE_CASES, ids=lambda c: c.span)
def test_chinese_numerals(case: Case) -> None:
    _check(case)


D = Decimal


@pytest.mark.parametrize(
    ("text", "span", "qualifier", "unit", "low", "high"),
    [
        ("争取专项救助金 10 万余元。", "10 万余元", "余", "万元", D(100000), None),
        ("发放救助金10万余元", "10万余元", "余", "万元", D(100000), None),
        ("引领带动 200 余名妇女就业", "200 余名", "余", "名", D(200), None),
        ("发放普法宣传材料 5000 余份。", "5000 余份", "余", "份", D(5000), None),
        ("举办促消费活动3万余场次，", "3万余场次", "余", "万场次", D(30000), None),
        ("带动三百余人就业", "三百余人", "余", "人", D(300), None),
        ("补助十万余元", "十万余元", "余", "万元", D(100000), None),
        ("获得十余万元", "十余万元", "余", "万元", D(100000), None),
        ("带动3000多人", "3000多人", "多", "人", D(3000), None),
        ("覆盖率80%以上", "80%以上", "以上", "%", D(80), None),
        ("粮食产量1300亿斤以上。", "1300亿斤以上", "以上", "亿斤", D(130000000000), None),
        ("占比超过55%。", "超过55%", "超过", "%", D(55), None),
        ("消费券超7亿元，", "超7亿元", "超", "亿元", D(700000000), None),
        ("逾200人参加", "逾200人", "逾", "人", D(200), None),
        ("增长约3.02%，", "约3.02%", "约", "%", D("2.718"), D("3.322")),
        ("约 20 万元", "约 20 万元", "约", "万元", D(180000), D(220000)),
        ("增长5.5%左右；", "5.5%左右", "左右", "%", D("4.95"), D("6.05")),
        ("大约30人", "大约30人", "大约", "人", D(27), D(33)),
        ("近4000名运动员", "近4000名", "近", "名", D(3600), D(4000)),
        ("增加近13亿立方米", "近13亿立方米", "近", "亿立方米", D(1170000000), D(1300000000)),
        ("不足10万元", "不足10万元", "不足", "万元", D(0), D(100000)),
        ("单笔50万元以下拖欠", "50万元以下", "以下", "万元", D(0), D(500000)),
        ("不到5%", "不到5%", "不到", "%", D(0), D(5)),
    ],
)
def test_qualifiers(text, span, qualifier, unit, low, high) -> None:
    quantity = _only(text, span)
    assert quantity.qualifier == qualifier
    assert not quantity.is_exact
    assert quantity.unit == unit
    assert quantity.low == low
    assert quantity.high == high


@pytest.mark.parametrize(
    ("text", "span", "low", "high"),
    [
        ("到位数 20.00 万元", "20.00 万元", D("199950"), D("200050")),
        ("实际支出 20.00 元", "20.00 元", D("19.995"), D("20.005")),
        ("执行率为 80%", "80%", D("79.5"), D("80.5")),
        ("执行率 94.09%", "94.09%", D("94.085"), D("94.095")),
        ("25 万元", "25 万元", D(245000), D(255000)),
        ("项目1个", "1个", D("0.5"), D("1.5")),
    ],
)
def test_exact_interval_is_half_of_last_stated_digit(text, span, low, high) -> None:
    quantity = _only(text, span)
    assert quantity.is_exact
    assert (quantity.low, quantity.high) == (low, high)
    assert quantity.low <= quantity.value <= quantity.high


@pytest.mark.parametrize(
    "text",
    [
        # years, year ranges, dates, times
        "2023年",
        "本部门 2023 年度申请预算",
        "实施 2021-2030 年妇女儿童发展规划",
        "2021—2025年",
        "2024年12月31日",
        "2月底成书",
        "3月15日召开",
        "创建时间： 2026-02-05 17:28",
        "二〇二六年一月二十七日",
        # document numbers
        "乐财预[2024]2 号",
        "〔2024〕15号",
        "【2023】7号",
        # ordinals, headings, names
        "一是强化认识",
        "第三条",
        "第1项",
        "第 三 次会议通过",
        "全国第5位",
        "（一）部门整体绩效目标完成情况",
        "1.项目概况",
        "二十大·巾帼说",
        "“十四五”时期",
        "深入贯彻中央八项规定精神",
        "省委十二届八次全会",
        "天津市十八届人大四次会议",
        "坚定拥护“两个确立”",
        "引洮二期骨干工程",
        "一个部门牵头",
        "高效办成一件事",
        # bare numbers, phones, ratios, no unit
        "预算执行率",
        "联系电话 0315-4611234",
        "增长2.4倍",
        "采用1024 X 768分辨率",
        "8时30分开会",
        "十分重要",
        "三分之一",
        "七八个人",
        "数十个单位",
        "节约型机关",
        "V2.0版本",
        "收入１１７\U001001b0７亿元",  # PDF private-use decimal point: never read "７亿元"
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_seed_opening_sentence() -> None:
    text = (
        "本部门 2023 年度申请预算资金 97.43 万元,实际支出 91.67 万元,预算执行率 94.09%。"
        "其中:预算项目 1 个,金额合计 25.00 万元,到位数 20.00 万元,实际支出 20.00 元,"
        "执行率为 80%。"
    )
    found = find_quantities(text)
    assert [q.text for q in found] == [
        "97.43 万元", "91.67 万元", "94.09%", "1 个", "25.00 万元", "20.00 万元", "20.00 元",
        "80%",
    ]
    assert all(text[q.start : q.end] == q.text for q in found)


def test_two_10_wan_yu_yuan_are_separate_quantities() -> None:
    text = "为 11 名两癌患病妇女争取专项救助金 10 万余元。累计开展困境儿童走访慰问 150 人次，发放救助金 10 万余元。"
    found = find_quantities(text)
    assert [q.text for q in found] == ["11 名", "10 万余元", "150 人次", "10 万余元"]
    assert found[1].start != found[3].start


def test_offsets_point_into_original_full_width_text() -> None:
    text = "实际支出９１．６７万元，执行率９４．０９％。"
    found = find_quantities(text)
    assert [text[q.start : q.end] for q in found] == ["９１．６７万元", "９４．０９％"]


@pytest.mark.parametrize(
    ("text", "kind", "year", "span"),
    [
        ("本部门 2023 年度申请预算", "year", 2023, "2023 年度"),
        ("2024年初，对我单位", "year", 2024, "2024年"),
        ("实施 2021-2030 年妇女儿童发展规划", "range", 2021, "2021-2030 年"),
        ("2021—2025年", "range", 2021, "2021—2025年"),
        ("通知(乐财预[2024]2 号)", "docno", 2024, "[2024]"),
        ("〔2024〕15号", "docno", 2024, "〔2024〕"),
        ("截至2024年12月31日", "date", 2024, "2024年12月31日"),
        ("创建时间： 2026-02-05 17:28", "date", 2026, "2026-02-05"),
        ("二〇二六年一月二十七日在", "date", 2026, "二〇二六年一月二十七日"),
        ("二〇二三年度", "year", 2023, "二〇二三年度"),
        ("２０２５年", "year", 2025, "２０２５年"),
    ],
)
def test_find_years(text: str, kind: str, year: int, span: str) -> None:
    mentions = find_years(text)
    assert len(mentions) == 1, mentions
    mention = mentions[0]
    assert (mention.kind, mention.year, mention.text) == (kind, year, span)
    assert text[mention.start : mention.end] == span


def test_year_range_keeps_last_year() -> None:
    (mention,) = find_years("2021-2030 年")
    assert mention.year_to == 2030


def test_years_are_never_amounts() -> None:
    text = "2023年度预算资金2023万元，2024年完成2,024个，〔2024〕3号"
    years = find_years(text)
    for quantity in find_quantities(text):
        assert not any(quantity.start < y.end and y.start < quantity.end for y in years)
    assert [q.text for q in find_quantities(text)] == ["2023万元", "2,024个"]


@pytest.mark.xfail(reason="numeric ranges (5-10万元, 3至5个) are not recognized yet", strict=True)
def test_numeric_range_is_one_interval() -> None:
    (quantity,) = find_quantities("每户补助5-10万元")
    assert (quantity.low, quantity.high) == (D(50000), D(100000))
