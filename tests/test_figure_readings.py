"""Figures stated the ways real reports state them, beyond the attribute lexicon: each case
is a correct text that must stay silent and the same text with one figure changed, whose
defect the figures rules must find at the changed figure. Wording and numbers are our own."""

from __future__ import annotations

import pytest

from auditor.pipeline import audit_text

FIGURE_CODES = {"AU101", "AU102", "AU103", "AU104", "AU105", "AU106", "AU107", "AU108"}

# (name, correct text, the figure as written, the figure as planted, the codes that find it)
CASES = [
    # the whole named by its stem: 占安排数的 → the figure called 安排专项经费
    ("whole named by a stem",
     "二、项目执行情况\n本年度安排专项经费480.00万元。截至年底已拨付456.00万元，占安排数的95.00%。\n",
     "95.00%", "91.00%", {"AU102"}),
    # 完成率 of a total the part counts (项目总投资 … 累计完成投资)
    ("rate of the total of what the part counts",
     "二、投资完成情况\n项目总投资1.25亿元，累计完成投资9875万元，完成率79.0%。\n",
     "79.0%", "84.0%", {"AU102"}),
    # the whole written inside the cue: 完成预算 B 的 P%
    ("whole written in the cue",
     "四、国有资本经营\n国有资本经营预算收入2.36亿元，完成预算2.10亿元的112.4%。\n",
     "112.4%", "118.4%", {"AU102"}),
    # a bare 占 X% after a share that names its whole shares that whole
    ("bare share after a named sibling",
     "二、项目支出\n项目支出合计860.0万元。\n"
     "设备购置支出215.0万元，占项目支出的25.0%；维修改造支出301.0万元，占35.0%。\n",
     "35.0%", "38.0%", {"AU102"}),
    # a total, then 分别为：its parts
    ("分别为： after a total",
     "三、三公经费\n三公经费合计支出96.5万元，分别为：公务接待费12.3万元、公务用车运行维护费54.2万元、"
     "因公出国（境）费30.0万元。\n",
     "54.2万元", "58.2万元", {"AU104", "AU107"}),
    ("分别为 after a total, no colon",
     "三、三公经费\n三公经费支出96.5万元，分别为公务接待费12.3万元、公务用车运行维护费54.2万元、"
     "因公出国费30.0万元。\n",
     "54.2万元", "58.2万元", {"AU104", "AU107"}),
    # a change whose current value is stated before a sentence with no figures
    ("current value before a sentence without figures",
     "四、培训费\n培训费支出2.40万元。主要用于业务培训。比上年增加0.60万元，增长33.3%。\n",
     "33.3%", "38.3%", {"AU103"}),
    # 支出率: a rate of funds the attribute lexicon now knows
    ("支出率",
     "二、资金使用\n对县区转移支付资金下达5200万元，实际支出884.0万元，支出率为17.00%。主要是项目进度慢。\n",
     "17.00%", "19.00%", {"AU102"}),
    # 执行中调整为 X: a time word, not what happened — X is the adjusted plan, here slipped
    ("adjusted plan stated during execution",
     "一、收入\n全市一般公共预算收入年初预算合计58.6亿元，执行中调整为60.2亿元，实际完成63.5亿元，"
     "为调整预算的105.5%。\n",
     "60.2亿元", "60.2万元", {"AU101"}),
    # a count written in the cue as the whole
    ("count whole written in the cue",
     "一、过去一年\n城镇新增就业68.5万人，完成年度目标60万人的114.2%。\n",
     "114.2%", "119.2%", {"AU102"}),
    # a year in the words naming the base: 比2025年执行数 B 增长 P
    ("base named with a year",
     "二、预算安排\n2026年全市一般公共预算收入安排465.0亿元，比2025年执行数442.9亿元增长5.0%。\n",
     "5.0%", "6.0%", {"AU103"}),
    # the plans stated once in the lead of the section one level up, each rate taking its side
    ("plan in the parent section's lead",
     "二、2024年预算执行情况\n（一）一般公共预算\n年初人代会批准全市一般公共预算收入预算52.0亿元，支出预算88.5亿元。\n"
     "1.收入执行情况。全市一般公共预算收入完成53.4亿元，为预算的102.7%，增长3.2%。\n"
     "2.支出执行情况。全市一般公共预算支出完成85.1亿元，为预算的96.2%。\n",
     "96.2%", "92.2%", {"AU102"}),
    # the base stated after the change as last year's executed figure
    ("base as 上年执行数为 B after the change",
     "二、预算安排\n2026年全市一般公共预算收入安排465.0亿元，比上年执行数增长5.0%，上年执行数为442.9亿元。\n",
     "5.0%", "6.0%", {"AU103"}),
    # 增长率为 P: a change word with its noun
    ("增长率为",
     "一、支出\n教育支出12.46亿元，同比增加1.02亿元，增长率为8.9%。\n",
     "8.9%", "9.9%", {"AU103"}),
    # an unnamed share (占比 / 占 X%) of a larger figure of the same kind stated before it
    ("unnamed share of the total of its kind before it",
     "（二）一般公共预算收入\n全市一般公共预算收入175.6亿元。税收收入120.3亿元，占比68.5%；非税收入55.3亿元，占比31.5%。\n",
     "68.5%", "64.5%", {"AU102"}),
    ("unnamed share of the total its heading states",
     "（二）一般公共预算支出175.6亿元\n教育支出30.2亿元，占17.2%，主要用于义务教育。\n",
     "17.2%", "19.2%", {"AU102"}),
    # a comparator written between two figures of one kind, whatever they are called
    ("comparison between two rates",
     "一、收入\n全市居民人均可支配收入增长6.2%，高于全省5.8%的平均水平。\n",
     "高于", "低于", {"AU108"}),
    ("comparison between two amounts",
     "一、支出\n实际支出238.60万元，少于年初预算255.00万元。\n",
     "少于", "多于", {"AU108"}),
    ("comparison of paces",
     "一、收入\n税收收入增速10.2%，快于一般公共预算收入增速6.5%。\n",
     "快于", "慢于", {"AU108"}),
    # a slip in last year's figure written as 上年为 B: the slip, not the change, is wrong
    ("slip in 上年为 B",
     "一、收入\n全县税收收入完成23.60亿元，比上年增长8.8%（上年为21.70亿元）。\n",
     "21.70亿元", "21.70万元", {"AU101"}),
    ("slip in 上年为 B that turns the direction",
     "三、机关运行经费\n机关运行经费支出58.36万元，上年为62.80万元，减少4.44万元，下降7.1%。\n",
     "62.80万元", "62.80元", {"AU101"}),
    # a reading whose whole is too coarse (20 亿元) to tell 78.5 % from 76 % or 80 % does not
    # explain away the confident reading's failure
    ("coarse whole explains nothing",
     "二、资金到位\n项目预算资金58.61亿元，其中中央奖补资金20亿元。"
     "目前实际到位资金46.75亿元，其中，地市应配套资金23.65亿元，实际到位15.61亿元，到位率仅为66.00%。\n",
     "66.00%", "78.47%", {"AU102"}),
    # a PDF text layer's space after a thousands comma: one figure, not two clauses
    ("spread thousands",
     "一、收入情况\n全市收入总计3,788, 466万元，其中：本级收入1,099, 160万元，转移性收入2,689, 306万元。\n",
     "2,689, 306万元", "2,889, 306万元", {"AU104", "AU107"}),
]


def _figure_findings(text: str):
    return [f for f in audit_text(text).findings if f.code in FIGURE_CODES]


@pytest.mark.parametrize(("name", "text", "written", "planted", "codes"), CASES, ids=[c[0] for c in CASES])
def test_correct_text_is_silent(name, text, written, planted, codes):
    found = _figure_findings(text)
    assert found == [], [(f.code, f.span.text, f.message) for f in found]


@pytest.mark.parametrize(("name", "text", "written", "planted", "codes"), CASES, ids=[c[0] for c in CASES])
def test_planted_figure_is_found(name, text, written, planted, codes):
    assert text.count(written) == 1
    changed = text.replace(written, planted)
    start = changed.index(planted)
    end = start + len(planted)
    touching = [f for f in _figure_findings(changed) if f.code in codes
                and ((f.span.start < end and start < f.span.end)
                     or any(s.start < end and start < s.end for s in f.related))]
    assert touching, [(f.code, f.span.text, f.message) for f in _figure_findings(changed)]


@pytest.mark.parametrize("text", [
    # a difference in 个百分点 is not the rate it is compared with
    "一、收入\n全市居民人均可支配收入增长6.2%，高于全省平均水平0.4个百分点。\n",
    # the figure before is of another kind: the share's whole is unsaid, nothing to check
    "一、过去一年\n地区生产总值5,000亿元。民生支出410.2亿元，占比78.2%。\n",
    "一、过去一年\n一般公共预算收入175.6亿元。民生支出410.2亿元，占比78.2%。\n",
])
def test_unnamed_share_of_another_kind_is_not_checked(text):
    found = _figure_findings(text)
    assert found == [], [(f.code, f.span.text, f.message) for f in found]


def test_a_sibling_item_is_not_the_whole_of_the_next_share():
    """Numbered items each giving its share of the total: the item before is a part, and a
    share that fails is computed on the total."""
    from tests.builders import extraction_of

    text = ("一、上半年财政收支情况\n"
            "全镇上半年预算支出完成2000.00万元，主要项目执行情况如下：\n"
            "1、一般公共服务支出400.00万元，占总支出的20.00%。\n"
            "2、教育支出300.00万元，占总支出的15.00%。\n"
            "3、农林水支出500.00万元，占总支出的26.00%。\n")
    [failing] = [r for r in extraction_of(text).shares if not r.holds]
    assert failing.whole.fact.quantity.text == "2000.00万元"
