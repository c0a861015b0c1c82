"""Build ``sentences.jsonl``: the labelled sentence-role set.

Generated sentences come from templates with inline alternatives ``[a|b|]`` and slots
``{org}``; every template is one *group* (all its sentences land in the same CV fold and the
same split, so scores measure generalisation to unseen phrasings, not memorised templates).
Hand-written sentences come from ``hand_written.tsv`` (``role<TAB>text``), one group each.

Run: ``python corpora/roles/build_corpus.py`` (deterministic; seed fixed).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path

HERE = Path(__file__).parent
SEED = 20240501
PER_TEMPLATE = 12
TEST_SHARE = 0.2

SLOTS: dict[str, list[str]] = {
    "org": [
        "本单位", "本部门", "我单位", "我局", "我委", "我中心", "我院", "我办", "县妇联",
        "区卫健局", "市农业农村局", "县教育局", "区民政局", "镇人民政府", "县文化广电和旅游局",
        "市生态环境局", "县水利局", "区残联", "市档案馆", "县林业局", "区医疗保障局",
        "县退役军人事务局", "市住房和城乡建设局", "区司法局", "县图书馆", "县疾控中心",
    ],
    "proj": [
        "“妇联活动经费”项目", "农村公路养护项目", "城乡医疗救助资金项目", "学生资助项目",
        "乡村振兴衔接资金项目", "图书馆免费开放经费项目", "森林防火专项经费", "农田水利设施维修项目",
        "困难残疾人生活补贴项目", "基层医疗卫生机构运行补助", "信息化系统运维项目", "河道保洁经费",
        "党建工作经费", "公共文化服务体系建设项目", "高标准农田建设项目", "环境监测能力建设项目",
        "老年人健康体检项目", "退役军人优抚资金", "社区服务中心改造项目", "普法宣传经费",
        "档案数字化项目", "饮水安全巩固提升工程", "校舍维修改造项目", "家庭教育宣传培训项目",
    ],
    "proj_short": [
        "该项目", "本项目", "项目", "该专项", "此项目", "该资金", "部门整体支出",
    ],
    "year": ["2021", "2022", "2023", "2024", "2023", "2024"],
    "ind": [
        "培训覆盖率", "群众满意度", "资金到位率", "项目完成及时率", "道路养护里程", "受益人数",
        "设备完好率", "验收合格率", "政策知晓率", "服务对象满意度", "预算执行率", "宣传活动场次",
        "救助对象覆盖率", "体检人数", "培训人次", "维修面积", "档案数字化数量", "补贴发放及时率",
    ],
    "reason": [
        "部分资金于年底下达，未能在当年支付完毕", "受政府采购程序影响，项目验收延后",
        "项目工期受雨季影响顺延", "厉行节约，压减了公用经费支出", "部分人员退休、调离，人员经费相应减少",
        "项目尚未完成竣工决算，尾款暂未支付", "上级资金下达时间较晚", "招标流程耗时较长",
        "实际参训人数少于计划人数", "天气原因导致施工进度延误", "部分活动因客观原因未能如期开展",
        "部分采购项目中标价格低于预算", "审批手续办理时间较长", "设备到货延迟",
        "项目前期准备工作不充分", "合同约定按进度分期付款", "部分补助对象资格复核未完成",
    ],
    "weak": [
        "绩效目标设置不够细化", "部分绩效指标难以量化", "预算编制不够精准", "项目执行进度偏慢",
        "资金支付进度滞后", "绩效管理意识有待加强", "财务人员业务能力不足", "绩效评价结果应用不充分",
        "项目前期论证不够充分", "内部控制制度执行不到位", "资产管理不够规范",
        "绩效监控工作流于形式", "指标设置与实际工作结合不够紧密", "预算执行前松后紧",
        "宣传覆盖面不够广", "项目管理制度不够健全", "基础数据收集不够完整", "年底集中支付现象突出",
    ],
    "fix": [
        "加强预算编制管理，提高预算编制的科学性和准确性", "细化量化绩效目标，完善绩效指标体系",
        "加快项目实施进度，确保资金及时支付", "强化绩效监控，及时纠正执行偏差",
        "加强财务人员业务培训，提升绩效管理水平", "完善内部控制制度，规范资金使用管理",
        "强化绩效评价结果应用，将评价结果作为预算安排的重要依据", "加强与财政部门的沟通衔接",
        "健全项目管理制度，明确各环节责任", "加强资产管理，定期开展资产清查",
        "做好项目前期论证，提高项目储备质量", "加大宣传力度，扩大政策覆盖面",
        "合理安排支出进度，避免年底突击花钱", "建立绩效管理长效机制",
    ],
    "grade": ["优", "“优”", "优秀", "“优秀”", "良", "“良”", "良好", "“良好”", "中", "“中”",
              "合格", "差", "\"优\"", "\"良\""],
    "moneyword": ["年初预算", "全年预算", "预算数", "申请预算资金", "预算安排", "调整预算"],
    "spendword": ["实际支出", "执行", "实际执行", "已支出", "全年支出", "决算支出"],
}


def money(rng: random.Random) -> str:
    value = rng.choice([rng.uniform(1, 99), rng.uniform(100, 5000), rng.uniform(5, 300)])
    text = f"{value:.2f}" if rng.random() < 0.8 else str(int(value))
    return text + rng.choice(["万元", "万元", "万元", " 万元", "元"] if rng.random() < 0.1
                             else ["万元", " 万元"])


def pct(rng: random.Random, low: float = 50, high: float = 100) -> str:
    value = rng.uniform(low, high)
    return rng.choice([f"{value:.2f}%", f"{value:.1f}%", f"{int(value)}%", f"{value:.2f}％"])


def score(rng: random.Random) -> str:
    value = rng.uniform(60, 100)
    return rng.choice([f"{int(value)}", f"{value:.1f}", f"{value:.2f}", f"{int(value)}"])


def number(rng: random.Random) -> str:
    return str(rng.choice([rng.randint(2, 50), rng.randint(50, 5000)]))


def small(rng: random.Random) -> str:
    return str(rng.randint(2, 30))


def gap(rng: random.Random) -> str:
    target = rng.randint(20, 3000)
    actual = rng.randint(target // 2, target - 1)
    unit = rng.choice(["", "人", "人次", "场次", "个", "公里", "户"])
    return (f"{rng.choice(['目标值', '年度指标值', '计划'])}为{target}{unit}，"
            f"实际完成{actual}{unit}")


DYNAMIC = {
    "money": money, "money2": money, "money3": money, "pct": pct, "pct2": pct,
    "score": score, "n": number, "n2": number, "k": small, "k2": small,
    "mon": lambda rng: str(rng.randint(1, 12)), "gap": gap,
}

OPENERS = ["", "", "", "经自评，", "经综合评价，", "通过自评，", "总体来看，", "经核查，"]
NUMBERING = ["", "", "", "", "一是", "二是", "（一）", "(二)", "1.", "2、", "（3）", "①"]

# role -> list of templates. Each template string may contain {slots} and [a|b|] choices.
TEMPLATES: dict[str, list[str]] = {
    "no_problem": [
        "{opener}{proj_short}[资金|项目][拨付|管理|使用][及时|规范|合规]，[无|没有]发现[问题|违规情况][。|]",
        "[自查|检查|审计|监督检查]中[{org}|{proj_short}][未发现|没有发现|未查出][任何|][问题|违规问题|违纪问题][。|]",
        "存在问题[：|:|]无[。|]",
        "存在的问题[：|:]暂无[。|]",
        "[存在的主要问题|主要问题|存在问题及原因分析][：|:][无|暂无|未发现][。|]",
        "{opener}{org}[在|]{year}年度[预算执行|项目实施|资金使用|绩效管理][过程|工作]中未发现[问题|明显问题|违规问题][。|]",
        "{opener}{proj}[实施|执行|管理]过程中[未发现|暂未发现|没有发现]问题[。|]",
        "{opener}{proj_short}[在资金使用和管理方面|在项目管理方面|在实施过程中]不存在[问题|明显问题|违规违纪问题][。|]",
        "[本次|此次]自评[未发现|没有发现|暂未发现][存在的|]问题[。|]",
        "{opener}[资金使用|项目管理|预算执行]无明显问题[。|]",
        "经[核查|检查|自查]，未发现[截留、挤占、挪用|挤占挪用|虚列支出|违规使用]资金[的|]情况[。|]",
        "{opener}未发现[违规|违纪|违规违纪|违反财经纪律的]问题[。|]",
        "[项目|资金]在执行过程中[无|没有][重大|较大|明显]问题[。|]",
        "{org}[本年度|{year}年|]绩效自评[中|工作中][不存在|未发现|暂未发现][问题|需要整改的问题][。|]",
        "[目前|截至目前|现阶段]暂[无|未发现]需要[整改|说明]的问题[。|]",
        "{opener}{proj_short}[资金|财务]管理规范，[未发现|不存在][违规|问题|违规问题][。|]",
        "[问题及整改情况|存在问题和整改情况][：|:][无|本年度无|无问题][。|]",
        "[经自查，|自查中|]{org}[未发现|没有发现]资金使用[方面的|]问题，[无需|不需要]整改[。|]",
        "[财务|审计|巡察]检查[中|]未发现{proj_short}存在问题[。|]",
        "{opener}{org}[各项工作|项目运行]正常，[暂未发现|未发现]问题[。|]",
    ],
    "problem": [
        "{num}[资金使用效益|项目效益|绩效目标实现程度|信息化水平|数据质量][有待提高|尚不明显|不高|还不够高][。|；|]",
        "{num}[{org}|部分单位|个别科室][对|]绩效[管理|评价|自评][工作|][重视程度不够|认识不到位|理解不深][，{weak}|][。|；|]",
        "[但|同时|不过]{org}[在|]{area}[方面|工作中][也|仍|还][存在|有][一些|部分][不足|薄弱环节|短板]，[主要是|主要表现在]{weak}[。|]",
        "{num}{weak}[。|；|]",
        "{num}{weak}，{weak}[。|；|]",
        "{opener}{org}[仍|还|]存在{weak}的问题[。|]",
        "[存在的问题|主要问题][：|:]{num}{weak}[。|；]",
        "{num}[部分|个别]项目{weak2}[。|；|]",
        "{num}[绩效目标|绩效指标][设置|设定]不够[细化|明确|科学|合理]，[部分指标|个别指标][难以|不便][量化|考核|评价][。|；|]",
        "{num}[部分|个别][项目|资金]执行进度[偏慢|较慢|滞后]，[资金支付|预算执行][不及时|进度不理想][。|；|]",
        "{num}[财务人员|工作人员|项目负责人][对绩效管理|对预算绩效管理][认识不足|理解不够深入|重视程度不够][。|；|]",
        "{opener}[在|]{proj}[实施|执行]中[存在|仍存在|出现了]{weak}[等问题|的情况|的现象][。|]",
        "{num}[项目|资金][管理|使用][还|仍]不够规范，{weak}[。|；|]",
        "{num}[绩效自评|绩效评价]工作[存在|仍存在][重形式、轻实效|重支出、轻绩效|重分配、轻管理]的[问题|现象][。|；|]",
        "{num}[预算编制|预算安排][不够|还不够][精准|科学|细化]，[执行中|年中][调整较多|追加较多|调整频繁][。|；|]",
        "{num}[由于|因]{weak}，[导致|造成|致使][部分|个别]工作[推进缓慢|效果不明显|未达预期][。|；|]",
        "[经自评|自评中]发现{org}[存在|还存在]以下问题[：|:]{weak}[。|；|]",
        "{num}[基础工作|基础资料|档案资料][不够|不]扎实，[部分|个别][凭证|资料|台账][不完整|不规范|缺失][。|；|]",
        "{num}[绩效|项目]监控[机制|制度][不健全|有待完善]，{weak}[。|；|]",
        "{num}[政府采购|合同管理|资产管理][程序|流程][不够规范|有待规范][。|；|]",
        "{num}[资金使用效益|项目效益|社会效益][不够明显|有待提高|尚未充分显现][。|；|]",
    ],
    "measure": [
        "{num}[注重|狠抓|抓好|做好]{area}[工作|]，[切实|努力|着力|进一步]提高{area}[水平|质量|效率][。|；|]",
        "{num}[要|必须|应当][进一步|切实|]{fix}[。|；|]",
        "[拟|计划|将][于|在][下年度|{year}年][上半年|第一季度|年底前]{fix}[。|]",
        "{num}{fix}[。|；|]",
        "{num}{fix}，{fix}[。|；|]",
        "下一步，{org}将{fix}[。|]",
        "[下一步|今后|下一阶段|下年度]，[我们|{org}]将[继续|进一步|]{fix}[。|]",
        "针对[上述|以上|存在的|自评中发现的|本部门绩效自评中存在的]问题，{org}将[采取以下措施|认真整改|{fix}][：|:|。|]",
        "[整改措施|改进措施|改进建议][：|:]{num}{fix}[。|；|]",
        "{num}进一步[加强|强化|完善|规范]{area}，{fix}[。|；|]",
        "建议[财政部门|财政局|主管部门|上级部门][加强|加大][对|]{area}的[培训和指导|指导和监督|支持力度][。|]",
        "{num}[建立健全|建立完善|健全]{area}[制度|机制]，[确保|保障|促进]{area}[规范有序|落到实处|取得实效][。|；|]",
        "[今后|下一步][我们|{org}]将严格按照[《预算法》|相关规定|财政部门要求|预算绩效管理办法][的要求|]，{fix}[。|]",
        "{num}[强化|加强|注重]{area}，[切实|着力|努力]提高[资金使用效益|绩效管理水平|预算执行效率][。|；|]",
        "[对|针对]{weak}的问题，[将|拟|计划]{fix}[。|]",
        "{num}[及时|认真]调整[和|]优化[后续|下一年度|以后年度]预算支出的[方向和结构|结构][，{fix}|][。|；|]",
        "[我们|{org}]将以[此次|本次]自评为契机，{fix}[。|]",
        "[建议|拟]在[下一年度|{year}年|今后][预算编制|项目申报]中{fix}[。|]",
        "{num}[加强|强化]评价结果应用，[将|把]绩效评价结果作为[资金分配|预算安排|项目申报]的重要[因素|依据][。|；|]",
    ],
    "rating": [
        "{opener}{proj}[被|][评定|评价|评][为|定为]{grade}[等次|等级|][。|]",
        "{opener}[部门整体支出|项目支出|该项目][绩效|]评价得分[为|]{score}分[。|]",
        "{opener}{proj_short}自评得分[为|]{score}分[。|，]自评等级为{grade}[。|]",
        "{opener}{proj_short}[自评得分|综合得分|最终得分|绩效评价得分][为|]{score}分[。|]",
        "[自评结论|评价结论|自评结果|评价结果][：|:|为][优|良|中|“优”|“良”|优秀|良好][。|]",
        "{opener}{org}[{year}年度|]部门整体支出绩效自评[综合|]得分{score}分，[评价|自评][等级|结果]为{grade}[。|]",
        "[根据|按照][评分标准|评价指标体系|评分细则]，{proj}[得分|最终得分|综合得分]{score}分，[等级|评价等级|绩效等级]为{grade}[。|]",
        "[绩效评价等级|自评等级|评价等级][：|:|为]{grade}[。|]",
        "{opener}{proj_short}[自评|评价][为|结果为|等级为]{grade}[。|]",
        "[综合评价|总体评价][为|结论为]{grade}[。|]",
        "{opener}[本次|此次][绩效|]自评[总分|得分|综合得分][为|]{score}分，[属于|达到|为]{grade}[等次|等级|档次][。|]",
        "[经评定|经综合评定|评定]，{proj}[评定|被评定|评价]为{grade}[。|]",
        "{proj}[绩效自评|自评]结果[为|：]{score}分，{grade}[。|]",
        "[自评得分|得分][：|:]{score}分；[自评等级|等级][：|:]{grade}[。|]",
        "[自评|评价]结果[等级|等次][确定|评定]为{grade}[。|]",
        "[该|本]项目[绩效|]评价[综合|]得分为{score}分，[对应|相应][等级|等次]为{grade}[。|]",
    ],
    "all_met": [
        "{opener}{proj}[年度|]绩效目标[完成情况良好|总体完成良好]，[无|没有|未出现][偏差|明显偏差][。|]",
        "{opener}[{org}|{proj_short}][年度|全年|]各项[目标任务|指标任务|绩效指标]均[已|][按期|如期|顺利]完成[。|]",
        "{opener}[完成|已完成]各项指标设定值[。|，没有较大偏离绩效目标。|]",
        "{opener}{org}[全面|圆满|较好地|]完成[了|]{year}年度[整体|]绩效目标[。|]",
        "{opener}{proj_short}各项[绩效|]指标[均已|均|全部]完成[。|]",
        "{opener}{proj_short}[各项|]产出指标和效益指标[均|全部]达到[预期目标|年初设定值|目标值][。|]",
        "年初设定的[绩效目标|各项绩效目标|各项指标][已|均已|]全部[实现|完成|达成][。|]",
        "{opener}{org}圆满完成了[年初设定的|年度|全年]各项[工作任务|绩效指标|目标任务][。|]",
        "[所有|各项][绩效|]指标均[达到或超过|达到|超过][目标值|预期值|年度指标值][。|]",
        "{opener}[项目|资金][绩效目标|预期目标][已|均已]全面实现[。|]",
        "{opener}[各项|全部]{ind}[等|]指标[均|]达到[年初|预期]设定[值|目标][。|]",
        "[评价结论|自评结论][：|:][完成各项指标设定值|绩效目标全部完成|全面完成年度绩效目标][。|]",
        "{opener}{org}[按期|按时|如期][保质保量|高质量|]完成[了|]全部[绩效目标|建设任务|目标任务][。|]",
        "{opener}{proj}[年度|]绩效目标[完成情况良好|全部完成|均已实现]，[无|没有][偏差|较大偏差|未完成指标][。|]",
        "[整体|部门整体]绩效目标[全部|均]已[完成|实现][。|]",
        "{opener}[所设|设定的]{k}项[绩效|]指标[全部|均已]完成[。|]",
    ],
    "shortfall": [
        "{opener}{proj_short}[未能|没有|未]全面完成[年度|年初设定的|]绩效目标[。|]",
        "{opener}[部分|个别|有]{k}项指标[未完成|未达到目标值|未达标][。|]",
        "{opener}[各项指标|绩效指标|年度目标][未能|没有|未]全部[完成|达到|实现][，|。|][主要是|原因是|]{reason}[。|]",
        "{opener}{ind}[低于|少于|未达到][预期|目标值|年初计划][，|。][主要|][因为|由于|是]{reason}[。|]",
        "{opener}[{ind}|{proj_short}][实际完成值|完成率][仅为|只有|为]{pct}，[与目标值差距较大|未达到年初设定值|低于预期][。|]",
        "[预算|]执行率未达到100%的原因[是|为|：]{reason}[。|]",
        "[偏差原因|未完成原因|原因分析][：|:|为]{reason}[。|]",
        "{ind}[实际|]完成{pct}，未达到[目标值|年初目标值|预期目标]{pct2}，[主要|]原因是{reason}[。|]",
        "{opener}{proj_short}[预算|]执行率为{pct}，[与目标值存在偏差|未达到预期]，[主要|]原因是{reason}[。|]",
        "{opener}{proj_short}[未能|没有]全面完成[年度|]绩效目标，[主要是|原因是|主要原因是]{reason}[。|]",
        "[结余|结转]资金{money}，主要[是|原因是|是由于]{reason}[。|]",
        "{ind}[指标|][未完成|未达标|未达到预期]，[主要|]原因[是|为]{reason}[。|]",
        "{opener}[部分|个别]指标未[完成|达到][年初设定值|目标值|预期]，[主要|]由于{reason}[。|]",
        "{ind}{gap}，[偏差原因|差距原因|未完成原因]是{reason}[。|]",
        "[由于|因]{reason}，[导致|致使|造成]{ind}[未达到目标值|未能完成|完成率偏低][。|]",
        "{opener}[与|较]年初目标[相比|比较]，{ind}[存在|有][一定|较大|少量]偏差，[主要是|系]{reason}[所致|][。|]",
        "[实际支出|执行数]低于预算{money}，[原因|主要原因][是|为]{reason}[。|]",
        "{opener}[未能|没有]在[规定|计划]时间内完成{ind}[目标|任务]，[原因是|主要因]{reason}[。|]",
        "{proj_short}[绩效目标|产出指标][未全部完成|部分未完成]，{reason}[。|]",
    ],
    "figure": [
        "{opener}{proj}[本年度|全年|{year}年][预算执行率|资金执行率|支出执行率|资金到位率][为|达到|]{pct}[。|]",
        "{ind}[指标值|目标值][：|:|为][≥|不低于|]{pct}[；|，]实际[完成值|值][：|:|为]{pct2}[。|]",
        "{opener}[本年度|全年|{year}年][共|][支出|拨付|使用][资金|经费]{money}，[占|完成][年度|全年|]预算的{pct}[。|]",
        "{org}{year}年度{moneyword}{money}，{spendword}{money2}，[预算|]执行率{pct}[。|]",
        "{proj}{moneyword}[为|]{money}，到位[数|资金|]{money2}，{spendword}{money3}[。|]",
        "{year}年[度|]{org}收入合计{money}，其中[：|:|]财政拨款收入{money2}[，其他收入{money3}|][。|]",
        "[基本支出|项目支出|人员经费|公用经费]{money}，占[总支出|支出总额|全年支出]的{pct}[。|]",
        "[项目资金|资金|专项资金]到位{money}，到位率{pct}[。|]",
        "[“三公”经费|三公经费|公务接待费|公务用车运行维护费]支出{money}，[比上年|较上年|同比][减少|增加|下降|增长]{money2}[，[下降|增长]{pct}|][。|]",
        "{opener}{proj}[全年|本年度|]预算执行率为{pct}[。|]",
        "[年初预算|预算数]{money}，[全年|]预算数{money2}，[全年|]执行数{money3}，[执行率|完成预算的]{pct}[。|]",
        "{year}年[度|]支出[合计|总计]{money}，[其中|]基本支出{money2}，项目支出{money3}[。|]",
        "[本次|本年度]绩效评价项目{k}个，涉及[资金|金额]{money}[。|]",
        "{ind}[目标值|指标值|年度目标]{pct}，[实际完成值|实际值|完成值]{pct2}[。|]",
        "[期末|年末][结转结余|结余][资金|]{money}[，全部为项目结转资金|][。|]",
        "[上级补助|上级转移支付|县级配套|本级财政安排][资金|]{money}[，已全部拨付到位|，到位率100%|][。|]",
        "{org}{year}年[度|]决算[收入|支出]{money}，[比|较]年初预算[增加|减少]{money2}[。|]",
    ],
    "other": [
        "[其中|另有|全县|共有|]{k}[户|户家庭][被评为|荣获|获评][省级|市级|县级][文明家庭|最美家庭|美丽庭院示范户][称号|][。|]",
        "[在|]{year}年[全省|全市|全县][技能大赛|评比活动|考核][中|]，{org}[获得|荣获|取得][一等奖|二等奖|优秀等次|第一名][。|]",
        "[一、|二、|三、|四、|（一）|（二）|（三）|1.|2.][部门整体|项目|年度]绩效目标[完成情况|实现情况|设定情况][。|]",
        "[五、|四、|（四）|（五）|3.|4.][存在问题|问题|存在的问题|主要问题|存在的不足][及|和|与][原因分析|整改情况|改进措施]",
        "[存在问题|主要问题|存在的问题及原因|存在的不足|问题及原因分析|发现的问题]",
        "[整改措施|改进措施|下一步工作|下一步工作打算|有关建议|改进意见|整改情况|下一步改进措施|相关建议|结果应用情况]",
        "{org}[认为|经研究认为|总体认为][本年度|]绩效目标设定[清晰准确|明确合理|合理可行]，[绩效指标|指标设置][全面完整|科学合理|细化量化][。|]",
        "[绩效评价|预算绩效管理|绩效自评][是|作为][提高|提升][财政资金使用效益|行政效能|预算管理水平]的[重要手段|重要举措|有效途径][。|]",
        "{org}[始终坚持|一直坚持|坚持]把[预算绩效管理|绩效理念]贯穿于[预算管理全过程|事前、事中、事后各个环节][。|]",
        "[为|为了][规范|加强][资金管理|项目管理|财务管理]，{org}[制定了|出台了|修订了]《[财务管理制度|项目管理办法|内部控制手册|专项资金管理办法]》[。|]",
        "[{year}年|]{mon}月[5|10|12|15|20|25|28|30]日[印发|]",
        "{opener}{proj}的实施[有效|明显|进一步][改善了|提升了|促进了][群众生活条件|公共服务水平|群众满意度|基层治理能力][。|]",
        "[一、|二、|三、|四、|五、|六、|（一）|（二）|（三）][部门整体概况|部门基本情况|绩效评价组织情况|绩效实现情况分析|项目绩效目标完成情况|部门整体绩效目标完成情况|结果应用情况|其他需要说明的情况|项目基本情况|绩效自评工作开展情况][。|]",
        "[五、|四、|（四）|（五）|六、][存在问题|存在的问题及原因分析|主要问题|存在的主要问题及原因|存在问题和整改情况]",
        "[六、|七、|五、|（五）|（六）][整改措施|改进措施|下一步改进措施|相关建议、改进措施及结果应用|有关建议|下一步工作打算|改进意见及建议]",
        "{org}[年初|]设定的[整体|]绩效目标为[：|:][开展|实施|推进|做好][宣传培训活动|基层阵地建设|项目建设|日常运转保障][；|。|]",
        "根据[县|市|区]财政局关于印发《{year}年[县级|市级|区级]预算部门绩效自评工作方案》的通知[文件精神|要求]，{org}[高度重视|认真组织|及时部署]绩效自评工作[。|]",
        "{org}成立了[绩效自评工作领导小组|绩效评价工作小组|由主要领导任组长的领导小组]，[明确职责分工|负责自评工作的组织实施][。|]",
        "[通过|采取][目标计划梳理|数据采集|资料审核|实地查看|问卷调查][、|和][工作数据采集|现场核查|座谈了解|社会调研]等方式[对|]{proj}[进行了|开展了][全面|]评价[。|]",
        "{org}[主要职责|主要职能][是|包括][：|:][贯彻执行|负责|承担][有关|本地区][方针政策|法律法规|日常工作][。|]",
        "{opener}{org}[共|]开展[宣传|培训|慰问|义诊|巡查]活动{n}[场次|次]，[受益|参与|覆盖][群众|人员|妇女]{n2}人[次|][。|]",
        "[组织|召开|举办][座谈会|培训班|专题会议|交流会]{k}[场|次]，[进一步|有效][提升了|增强了|凝聚了][工作合力|服务能力|群众获得感][。|]",
        "[绩效自评|本次评价][采用|运用][比较法|因素分析法|公众评判法|成本效益分析法][等方法|][进行|开展][。|]",
        "{org}[内设|下设]{k}个[科室|股室|机构]，[编制|核定编制]{k2}人[。|]",
        "本部门认为绩效目标设定[清晰准确|明确合理]，绩效指标[全面完整|科学合理][、|，][易于评价|绩效标准恰当适宜][。|]",
        "[审计部门|财务部门|纪检部门][定期|不定期][开展|进行][专项检查|财务检查|监督检查]，[对发现的问题要求及时整改|督促各部门规范资金使用|并全程跟踪][。|]",
        "[深化|推进|开展][“[就业创业|乡村振兴|科技创新]巾帼行动”|“双百双进”活动|移风易俗工作|基层治理网格化建设][。|]",
        "[附件|附表][：|:][{year}年度项目支出绩效自评表|部门整体支出绩效评价指标体系|绩效自评打分表][。|]",
                "[自评报告|本报告][所附|所列][数据|资料]由{org}[提供|负责解释][。|]",
        "[本报告|本次自评][的评价对象为|评价范围为]{proj}[和部门整体支出|][。|]",
    ],
}

# Extra slot: "weak2" is a weakness phrase without a subject, "area" a management area.
SLOTS["weak2"] = [
    "执行进度偏慢", "资金支付滞后", "前期准备不足", "实施方案不够完善", "验收工作不及时",
    "绩效指标与实际脱节", "资金使用效率不高",
]
SLOTS["area"] = [
    "预算管理", "绩效目标管理", "财务管理", "项目管理", "资金监管", "内部控制", "资产管理",
    "绩效运行监控", "队伍建设", "业务培训", "政策宣传", "档案管理",
]

_SLOT = re.compile(r"\{(\w+)\}")
_CHOICE = re.compile(r"\[([^\[\]]*)\]")


def fill(template: str, rng: random.Random) -> str:
    """Expand slots then choices, repeatedly, until the text is plain."""
    text = template
    for _ in range(10):
        before = text

        def slot(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == "opener":
                return rng.choice(OPENERS)
            if name == "num":
                return rng.choice(NUMBERING)
            if name in DYNAMIC:
                return DYNAMIC[name](rng)
            return rng.choice(SLOTS[name])

        text = _SLOT.sub(slot, text)
        text = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), text)
        if text == before:
            break
    return text


def surface_noise(text: str, rng: random.Random) -> str:
    """PDF-extracted reports often carry ASCII punctuation and spaces around numbers."""
    if rng.random() < 0.15:
        text = text.translate(str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"}))
    if rng.random() < 0.15:
        text = re.sub(r"(?<=[\u4e00-\u9fff])(\d[\d.]*)(?=[\u4e00-\u9fff%])", r" \1 ", text)
    return text


def generated(rng: random.Random) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for role, templates in TEMPLATES.items():
        for index, template in enumerate(templates):
            group = f"{role}-t{index:02d}"
            seen: set[str] = set()
            for _ in range(PER_TEMPLATE * 6):
                if len(seen) >= PER_TEMPLATE:
                    break
                text = surface_noise(fill(template, rng), rng).strip()
                if text and text not in seen:
                    seen.add(text)
                    rows.append({"text": text, "role": role, "group": group, "source": "template"})
    return rows


#: in ``hand_written.tsv``, the lines after this marker are train-only (see assign_split)
TRAIN_ONLY_MARKER = "#@ train-only"


def hand_written() -> list[dict[str, str]]:
    """Rows of ``hand_written.tsv``; lines after :data:`TRAIN_ONLY_MARKER` carry ``train_only``."""
    rows = []
    train_only = False
    for number, line in enumerate((HERE / "hand_written.tsv").read_text("utf-8").splitlines()):
        if line.startswith(TRAIN_ONLY_MARKER):
            train_only = True
            continue
        if not line.strip() or line.startswith("#"):
            continue
        role, text = line.split("\t", 1)
        row = {"text": text.strip(), "role": role.strip(), "group": f"hand-{number:04d}",
               "source": "hand"}
        if train_only:
            row["train_only"] = "yes"
        rows.append(row)
    return rows


def assign_split(rows: list[dict[str, str]]) -> None:
    """The 20 % of each role's groups (per source) with the smallest hash are held out.

    Hashing the group name keeps the held-out part fixed when templates are added or
    edited elsewhere, so it is never re-drawn after looking at scores. Train-only rows
    (hand-written lines after :data:`TRAIN_ONLY_MARKER`) are always ``train``.
    """
    by_key: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        # Lines added after the split was fixed (to repair weak spots seen on it) are
        # never drawn: they must not displace a held-out group or enter the test part.
        if not row.get("train_only"):
            by_key.setdefault((row["role"], row["source"]), set()).add(row["group"])
    test_groups: set[str] = set()
    for groups in by_key.values():
        ranked = sorted(groups, key=lambda g: hashlib.sha256(g.encode("utf-8")).hexdigest())
        test_groups.update(ranked[: max(1, round(len(ranked) * TEST_SHARE))])
    for row in rows:
        row["split"] = "test" if row["group"] in test_groups else "train"


def main() -> None:
    rng = random.Random(SEED)
    rows = generated(rng) + hand_written()
    unique: dict[str, dict[str, str]] = {}
    for row in rows:
        unique.setdefault(row["text"], row)
    rows = list(unique.values())
    assign_split(rows)
    with (HERE / "sentences.jsonl").open("w", encoding="utf-8") as out:
        for index, row in enumerate(rows):
            fields = {key: value for key, value in row.items() if key != "train_only"}
            record = {"id": f"r{index:05d}", **fields}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["role"]] = counts.get(row["role"], 0) + 1
    print(len(rows), counts)


if __name__ == "__main__":
    main()
