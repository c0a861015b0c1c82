"""The claim grammar: what describes a problem, what denies having any (rules/claims/problems.py)."""

from __future__ import annotations

import pytest

from auditor.rules.claims.problems import denial, described_problem


@pytest.mark.parametrize(
    ("text", "describes"),
    [
        ("我们也清醒认识到，发展中还存在一些困难和问题。", True),
        ("城乡之间、区域之间仍有不小差距。", True),
        ("重点领域风险隐患较多。", True),
        ("老问题、新挑战仍然不少。", True),
        ("财税改革步入深水区，一些深层次问题集中凸显。", True),
        ("部分项目资金监管有待加强。", True),
        ("收 支 矛 盾 仍 然 突 出 。", True),
        ("着力解决群众急难愁盼问题。", False),
        ("防范化解重点领域风险隐患，补齐民生短板。", False),
        ("确保不存在问题。", False),
        ("全年不存在重大问题。", False),
        ("存在问题清单已全部销号。", False),
    ],
)
def test_described_problem(text: str, describes: bool) -> None:
    assert (described_problem(text) is not None) is describes, text


@pytest.mark.parametrize(
    ("text", "general", "limited"),
    [
        ("经自查，未发现任何问题。", True, False),
        ("总体来看，财政运行平稳有序，不存在问题。", True, False),
        ("对照目标逐项检查，未发现存在的问题和不足。", True, False),
        ("经审核，上述事项没有问题。", True, False),
        ("项目实施中无重大问题。", False, True),
        ("全年未发生债务风险事件。", None, None),
        ("多年来未出现任何“三保”风险和舆情。", None, None),
        ("未出现任何“三保”问题。", False, False),
        ("确保项目实施中不存在问题。", None, None),
        ("是否存在问题由审计部门认定。", None, None),
        ("未发现明显问题，但部分档案归集不够及时。", None, None),
        ("开展专项检查，未发现问题线索。", None, None),
    ],
)
def test_denial(text: str, general: bool | None, limited: bool | None) -> None:
    found = denial(text)
    if general is None:
        assert found is None, (text, found)
    else:
        assert found is not None and (found.general, found.limited) == (general, limited), (text, found)
