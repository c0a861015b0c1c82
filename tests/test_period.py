"""The period model: genre and years from titles, each part's years, what each year does."""

from __future__ import annotations

import pytest

from auditor.document import AnalysedDocument
from auditor.extract.period import (
    BUDGET,
    BUDGET_PLAN,
    EVALUATION,
    FINAL_ACCOUNTS,
    UNKNOWN,
    WORK_REPORT,
    Period,
    build_period,
)
from auditor.extract.period_text import absolute, heading_period, title_years
from auditor.extract.quantity import find_years
from auditor.extract.vocab import vocabulary
from auditor.extract.year_text import line_function_of
from auditor.text.lines import LineType
from auditor.types import Source


def period_of(text: str) -> tuple[AnalysedDocument, Period]:
    doc = AnalysedDocument(Source("<t>", "txt", text))
    return doc, build_period(doc)


def years_at(doc: AnalysedDocument, period: Period, words: str) -> tuple[int | None, int | None]:
    """The years of the part holding ``words``."""
    stretch = period.at(doc.flow.text.index(words))
    assert stretch is not None
    return stretch.first, stretch.last


@pytest.mark.parametrize(
    ("title", "genre", "execution", "budget", "delivery"),
    [
        ("关于青川市2025年预算执行情况和2026年预算草案的报告\n——2026年1月12日在青川市第九届人民代表大会第五次会议上",
         BUDGET, 2025, 2026, 2026),
        ("关于青川市 2025 年预算执行情况\n和 2026 年预算草案的报告（书面）", BUDGET, 2025, 2026, 2026),
        # the draft named with its 草案 in brackets, or with no 草案 at all, after a title
        # run together with its delivery line
        ("关于青川市2025年预算执行情况和2026年预算（草案）的报告\n——2026年1月12日在青川市第九届人民代表大会第五次会议上",
         BUDGET, 2025, 2026, 2026),
        ("关于青川市2025年预算执行情况和2026年预算的报告\n——2026年1月12日在青川市第九届人民代表大会第五次会议上",
         BUDGET, 2025, 2026, 2026),
        # a web page's information block above the title, its kind of document in a field
        ("[ 主题分类 ] 财政 [ 体裁分类 ] 财政预算、决算\n[ 发布机构 ] 青川市财政局\n\n"
         "关于青川市2025年预算执行情况和2026年预算草案的报告\n——2026年1月12日在青川市第九届人民代表大会第五次会议上",
         BUDGET, 2025, 2026, 2026),
        ("当前位置：首页 > 财政预决算 > 区级预算\n【索引号】115002/2026-00009【体裁分类】预算、决算\n"
         "【发布日期】2026-01-23\n关于青川区2025年预算执行情况和2026年预算草案的报告\n日期：2026-01-23",
         BUDGET, 2025, 2026, 2026),
        # a breadcrumb run together with the title: 报告 in the breadcrumb ends no title
        ("当前位置：首页 > 监督工作 > 报告决议\n青川市人民代表大会财政经济委员会关于2023年市级决算的审查报告\n"
         "--2024年6月27日在青川市第十届人民代表大会常务委员会第二十八次会议上",
         FINAL_ACCOUNTS, 2023, None, 2024),
        # an information block in cells, its title in the cell after 标题 (a unit's budget)
        ("索引号 | 11500228/2024-00055 | 发文字号 | |\n主题分类 | 教育 | 体裁分类 | 其他 |\n"
         "标题 | 青川市白石小学2024年单位预算情况说明 | |\n成文日期 | 2024-02-28 |",
         BUDGET_PLAN, None, 2024, None),
        ("南溪县人民政府关于2024年县级决算草案的报告", FINAL_ACCOUNTS, 2024, None, 2025),
        # years written without 年 before the words of their period
        ("青川县2024财政预算执行情况2025财政预算草案的报告", BUDGET, 2024, 2025, 2025),
        ("白石区2023部门决算", FINAL_ACCOUNTS, 2023, None, 2024),
        ("白石区教育局\n2024 年度\n部门决算", FINAL_ACCOUNTS, 2024, None, 2025),
        ("2026年东川省政府工作报告", WORK_REPORT, 2025, 2026, 2026),
        ("政府工作报告\n——2024年3月5日在东川省第十四届人民代表大会第二次会议上", WORK_REPORT, 2023, 2024, 2024),
        ("2023年度县妇联整体绩效自评工作报告", EVALUATION, None, None, 2024),
        # a title broken inside its period word, or spaced out, after a zero-width space
        ("\u200b政府\n工作报告\n——2024年3月5日在东川省第十四届人民代表大会第二次会议上",
         WORK_REPORT, 2023, 2024, 2024),
        ("政 府 工 作 报 告\n——2021年3月5日在东川省第十三届人民代表大会第四次会议上",
         WORK_REPORT, 2020, 2021, 2021),
        # the delivery date in brackets, or in Chinese numerals
        ("政府工作报告\n（2026年1月27日在东川省第十四届人民代表大会第四次会议上）",
         WORK_REPORT, 2025, 2026, 2026),
        ("政府工作报告\n——二〇二六年一月二十日在东川省第十四届人民代表大会第四次会议上",
         WORK_REPORT, 2025, 2026, 2026),
    ],
)
def test_title_years(title: str, genre: str, execution: int | None, budget: int | None,
                     delivery: int) -> None:
    _, period = period_of(title + "\n各位代表：\n现将有关情况报告如下。\n")
    assert (period.genre, period.execution_year, period.budget_year, period.delivery_year) == (
        genre, execution, budget, delivery)


def test_headings_narrow_the_period_and_review_paragraphs_split_year_and_plan() -> None:
    text = (
        "2026年东川省政府工作报告\n"
        "一、2025年工作回顾和“十四五”发展主要成绩\n"
        "过去一年，全省经济稳中有进。\n"
        "五年来，全省综合实力跃上新台阶。\n"
        "二、“十五五”时期主要目标\n"
        "到2030年，基本实现新型工业化。\n"
        "三、2026年工作安排\n"
        "2026年全省经济增长预期目标为5%左右。\n"
        "名词解释\n"
        "1.“两新”：2024年起实施的设备更新和以旧换新。\n"
    )
    doc, period = period_of(text)

    assert years_at(doc, period, "过去一年") == (2025, 2025)
    assert years_at(doc, period, "五年来") == (2021, 2025)
    assert years_at(doc, period, "到2030年") == (2026, 2030)
    assert years_at(doc, period, "2026年全省经济") == (2026, 2026)
    assert years_at(doc, period, "“两新”") == (None, None)


def test_a_bound_in_evaluation_report_has_its_own_period() -> None:
    text = (
        "2024年度南溪省财政决算收支情况\n"
        "一、全省财政决算收支情况\n"
        "2024年全省一般公共预算收入3615.29亿元。\n"
        "2021-2023年南溪省就业补助资金\n"
        "绩效评价报告\n"
        "一、基本情况\n"
        "2022年，全省就业补助资金支出12.5亿元。\n"
    )
    doc, period = period_of(text)
    stretch = period.at(doc.flow.text.index("2022年", doc.flow.text.index("基本情况")))
    assert stretch is not None and (stretch.first, stretch.last) == (2021, 2023)


FUNCTION_CASES = [
    ("2025年，全市一般公共预算收入完成96.4亿元。", "2025年", "period"),
    ("全市一般公共预算收入比2024年增长3.2%。", "2024年", "comparison"),
    ("与2024年相比增长3.2%。", "2024年", "comparison"),
    ("自2019年以来，全市连续七年实现收支平衡。", "2019年", "history"),
    ("到2030年，力争突破130亿元。", "2030年", "target"),
    ("截至2024年末，全市政府债务余额45.2亿元。", "2024年", "period"),
    ("2024年结转资金3.6亿元已全部安排使用。", "2024年", "carry"),
    ("2021-2024年，全市累计争取专项债券112亿元。", "2021-2024年", "span"),
    ("根据《青川市2024年财政专项资金管理办法》拨付资金。", "2024年", "name"),
    ("按照青财预〔2024〕3号文件拨付资金。", "〔2024〕", "docno"),
    ("2022年、2023年分别安排资金5亿元和6亿元。", "2022年", "list"),
    ("加强2023年增发国债资金使用管理。", "2023年", "modifier"),
    ("全市2024年一般公共预算收入96.4亿元。", "2024年", "period"),
    ("2018年，福州市被工信部授予“软件名城”称号。", "2018年", "event"),
    ("收入下降主要是受2024年缓税收入抬高基数影响。", "2024年", "cause"),
    # what the year itself left to the next year is its own figure
    ("2024年结转下年支出较上年增加较多。", "2024年", "period"),
    ("2024年收支结余1.2亿元，历年累计结余8.6亿元。", "2024年", "period"),
    ("全年增长4%，快于2024年1.8个百分点。", "2024年", "comparison"),
]


@pytest.mark.parametrize(("sentence", "year", "function"), FUNCTION_CASES)
def test_year_function(sentence: str, year: str, function: str) -> None:
    heading = "关于青川市2025年预算执行情况和2026年预算草案的报告\n一、2025年预算执行情况\n"
    doc, period = period_of(heading + sentence)
    start = doc.flow.text.index(year, len(heading))
    use = next(u for u in period.uses if u.mention.start == start)
    assert use.function == function, (sentence, use)


def test_plan_claims_are_checked_against_the_plan_data() -> None:
    _, period = period_of("2026年东川省政府工作报告\n"
                          "2024年是“十五五”的第一年。2025年是“十四五”规划收官之年。\n")
    claims = {claim.mention.year: claim.holds for claim in period.plan_claims}
    assert claims == {2024: False, 2025: True}


@pytest.mark.parametrize(
    ("sentence", "holds"),
    [
        ("2006年是实施“十一五”规划的第一年。", True),
        ("2010年是“十一五”规划的最后一年。", True),
        ("2011年是“十二五”开局之年。", True),
        ("2016年是“十二五”规划收官之年。", False),
        ("2015年是全面完成“十二五”规划的收官之年。", True),
        ("2016年是“十三五”的开局之年。", True),
        ("2017年是“十三五”规划的开局之年。", False),
        ("2020年是全面建成小康社会和“十三五”规划收官之年。", True),
        ("2018年是“十三五”规划承上启下的第三年。", True),
    ],
)
def test_facts_about_earlier_plan_periods_are_checked(sentence: str, holds: bool) -> None:
    _, period = period_of("2019年东川省政府工作报告\n" + sentence + "\n")
    assert [claim.holds for claim in period.plan_claims] == [holds]


@pytest.mark.parametrize(
    ("words", "years"),
    [
        ("青川县2024财政预算执行情况2025财政预算草案的报告", [2024, 2025]),
        ("2026政府工作报告", [2026]),
        # an amount, a document number, a year written with 年: no year without 年 here
        ("安排2024万元预算执行", []),
        ("青财预〔2024〕12号预算执行", [2024]),
        ("2024年预算执行情况", [2024]),
    ],
)
def test_a_year_written_without_nian_before_its_period_words(words: str, years: list[int]) -> None:
    assert [mention.year for mention in title_years(words)] == years


class _Layout:
    """A document whose layout model took every line for a table's caption."""

    def __init__(self, text: str) -> None:
        self.flow = type("Flow", (), {"text": text})()

    def line_type(self, position: int) -> LineType:
        return LineType.CAPTION


@pytest.mark.parametrize(
    ("line", "function"),
    [
        ("2024年青川市政府性基金预算专项转移支付分项目分地区表", "caption"),
        # a sentence naming a table is prose: its year is the table's period, and checked
        ("因本级无对下级转移支付，2023年政府性基金预算专项转移支付分项目分地区表以零列示。", None),
    ],
)
def test_a_sentence_the_layout_took_for_a_caption_is_prose(line: str, function: str | None) -> None:
    text = line + "\n"
    mention = next(m for m in find_years(text))
    assert line_function_of(_Layout(text), mention) == function  # type: ignore[arg-type]


@pytest.mark.parametrize("book", [row[0] for row in vocabulary("table_books", 1)])
def test_every_book_of_tables_word_names_its_part_s_period(book: str) -> None:
    # each entry of table_books.tsv is used: a part titled as a book of tables of the draft
    # budget speaks of the budget year; without the entry its title names no period
    named = heading_period(f"预算草案{book}", 2025, 2026)
    assert named is not None and (named.first, named.last, named.role) == (2026, 2026, "budget")
    assert heading_period(f"工作{book}", 2025, 2026) is None


def test_headings_counting_years_from_the_delivery_name_those_years() -> None:
    text = (
        "政府工作报告\n"
        "——2026年1月18日在东川省第十四届人民代表大会第四次会议上\n"
        "各位代表：\n"
        "一、过去五年工作回顾\n"
        "全省经济总量迈上新台阶。\n"
        "二、对今年政府工作的建议\n"
        "全省经济增长预期目标为5%左右。\n"
    )
    doc, period = period_of(text)

    assert years_at(doc, period, "全省经济总量") == (2021, 2025)
    assert years_at(doc, period, "全省经济增长") == (2026, 2026)
    assert absolute("过去一年和“十四五”时期工作回顾", 2026) == "2025年和“十四五”时期工作回顾"
    # 明年 inside 说明年度, 今年 inside 如今年轻: no relative years
    assert absolute("关于说明年度预算的补充", 2026) == "关于说明年度预算的补充"
    assert absolute("如今年轻干部", 2026) == "如今年轻干部"


def test_a_sentence_whose_subject_is_a_period_word_is_no_title() -> None:
    # an excerpt that starts in the body: its first long line naming 决算 is a sentence
    _, period = period_of(
        "七、“三公”经费财政拨款支出决算情况说明\n"
        "2022年“三公”经费财政拨款支出决算为3.46万元，完成预算100%，较上年增加0.4万元，"
        "主要原因是公务用车维修支出增加，其他各项支出从严控制。\n"
    )
    assert period.title is None
    _, period = period_of("首页 > 信息公开 > 青川县2024年度部门决算 发布时间：2025-06-01 "
                          "来源：县财政局 浏览次数：1024 字号：大 中 小\n一、部门概况\n")
    assert period.title is not None and period.execution_year == 2024


def test_menu_words_above_a_title_are_no_part_of_it() -> None:
    _, period = period_of("下载\n打印\n大\n中\n小\n】\n2026年东川省政府工作报告\n"
                          "——2026年2月3日在东川省第十四届人民代表大会第四次会议上\n各位代表：\n")
    assert period.title is not None and period.title.cue == "2026年东川省政府工作报告"


def test_a_web_page_headline_and_the_report_s_own_title_are_one_report() -> None:
    text = (
        "2026年东川省政府工作报告\n"
        "来源：\n东川日报客户端\n"
        "政府工作报告\n"
        "——2026年2月3日在东川省第十四届人民代表大会第四次会议上\n"
        "各位代表：\n"
        "一、2025年工作回顾\n"
        "过去一年，全省经济稳中有进。\n"
        "三、2026年重点工作\n"
        "全省经济增长预期目标为5%左右。\n"
    )
    doc, period = period_of(text)
    assert period.genre == WORK_REPORT
    assert all(stretch.role != "report" for stretch in period.stretches)
    assert period.part(doc.flow.text.index("全省经济增长")) == 0


def test_a_review_headed_by_the_plan_period_turns_to_the_last_year() -> None:
    text = (
        "2026年东川省政府工作报告\n"
        "一、“十四五”时期工作回顾\n"
        "五年来，全省经济总量连续跨越两个千亿台阶。\n"
        "刚刚过去的2025年，全省上下攻坚克难。\n"
        "过去五年成绩的取得，根本在于党的领导。\n"
        "二、“十五五”时期主要目标\n"
    )
    doc, period = period_of(text)
    assert years_at(doc, period, "五年来") == (2021, 2025)
    assert years_at(doc, period, "全省上下") == (2025, 2025)
    assert years_at(doc, period, "过去五年成绩") == (2021, 2025)


def test_a_heading_on_two_plans_reviews_the_finished_one_from_its_looking_back() -> None:
    text = (
        "2026年东川省政府工作报告\n"
        "一、2025年工作回顾\n"
        "过去一年，全省经济稳中有进。\n"
        "二、“十四五”时期发展成就和“十五五”时期主要目标任务\n"
        "全省上下团结奋斗。回望过去五年，全省经济总量连跨两个千亿台阶。\n"
        "“十五五”时期，全省将基本实现新型工业化。\n"
        "三、2026年重点工作\n"
    )
    doc, period = period_of(text)
    assert years_at(doc, period, "全省上下") == (2021, 2030)
    assert years_at(doc, period, "全省经济总量") == (2021, 2025)
    assert years_at(doc, period, "全省将基本") == (2026, 2030)
    assert period.closes_plan(period.at(doc.flow.text.index("全省经济总量")))
    assert not period.closes_plan(period.at(doc.flow.text.index("全省将基本")))


def test_an_entry_of_the_contents_is_no_title() -> None:
    # a book opening with its cover and contents, whose entries name the resolution and the
    # report in lines cut like a title's: the title is the resolution's, after the contents
    _, period = period_of(
        "青川市2026年政府预算公开\n目 录\n一、青川市人民代表大会关于2025年全\n市预算执行情况和2026年全市预算的决议\n"
        "二、关于2025年全市预算执行情况和2026年全市\n预算草案的报告\n三、附表\n"
        "青川市人民代表大会\n关于2025年全市预算执行情况和\n2026年全市预算草案的决议\n"
        "（2026年1月21日青川市第五届人民代表大会第六次会议通过）\n会议审查了市人民政府提出的报告。\n")
    assert (period.genre, period.execution_year, period.budget_year) == (BUDGET, 2025, 2026)


def test_a_breadcrumb_naming_the_kind_of_report_is_no_title() -> None:
    _, period = period_of("首页 > 政府信息公开 > 政府工作报告\n下载\n打印\n【字号：大 中 小】\n"
                          "2026年东川省政府工作报告\n"
                          "——2026年2月3日在东川省第十四届人民代表大会第四次会议上\n各位代表：\n"
                          "一、2025年工作回顾\n过去一年，全省经济稳中有进。\n")
    assert period.title is not None and period.title.cue == "2026年东川省政府工作报告"
    assert all(stretch.role != "report" for stretch in period.stretches)


def test_an_untitled_report_takes_its_period_from_the_opening_statement() -> None:
    _, period = period_of("主任、各位副主任、秘书长，各位委员：\n"
                          "受省人民政府委托，现将南岭省2025年省级决算草案报告如下，请予审议。\n"
                          "一、落实省人大预算决议情况\n全省财政运行总体平稳。\n")
    assert (period.genre, period.execution_year) == (FINAL_ACCOUNTS, 2025)
    # an excerpt that starts inside the report states no period of its own
    _, period = period_of("（二）政府性基金预算\n全镇政府性基金收入总计3319万元，比上年增长8%。\n"
                          "（三）国有资本经营预算\n全镇无国有资本经营预算收支。\n")
    assert (period.genre, period.execution_year, period.budget_year) == (UNKNOWN, None, None)
