"""The units the quantity recognizer knows: base units, scale prefixes and their patterns.

A written unit is ``prefix + base`` (``万`` + ``元`` → ``万元``, ``万`` + ``人次`` →
``万人次``); its multiplier is the prefix scale times the base scale, so a quantity's value
is always in the base unit (元, percent points, items, the measure's own unit).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from auditor.types import QuantityKind


@dataclass(frozen=True)
class BaseUnit:
    """A unit without scale prefix.

    ``name`` is how it is reported (``百分点`` is reported as ``个百分点``); ``pattern`` is
    the regex fragment that matches it, including a negative look-ahead for the words in
    which the same characters are not a unit (``次性``, ``人民``, ``家庭`` …).
    """

    written: tuple[str, ...]
    name: str
    kind: QuantityKind
    scale: Decimal = Decimal(1)
    not_before: str = ""
    prefixable: bool = True
    chinese_ok: bool = True

    @property
    def pattern(self) -> str:
        """Regex fragment matching any written form of the unit."""
        forms = "|".join(sorted(self.written, key=len, reverse=True))
        guard = f"(?!{self.not_before})" if self.not_before else ""
        return f"(?:{forms}){guard}"


_M = QuantityKind.MONEY
_P = QuantityKind.PERCENT
_C = QuantityKind.COUNT
_S = QuantityKind.SCORE
_X = QuantityKind.MEASURE

BASE_UNITS: tuple[BaseUnit, ...] = (
    BaseUnit(("元",), "元", _M, not_before="素|旦|年|宵"),
    BaseUnit(("%",), "%", _P, prefixable=False),
    BaseUnit(("‰",), "‰", _P, Decimal("0.1"), prefixable=False),
    BaseUnit(("个百分点", "百分点"), "个百分点", _P, prefixable=False),
    # 分 is a score only after Arabic digits: 十分/三分之一/5分钟 are not scores.
    BaseUnit(("分",), "分", _S, not_before="钟|之|局|点|别|配|类|析|解|布|成|红|散|秒|期|批|辨|贝",
             prefixable=False, chinese_ok=False),
    BaseUnit(("个月",), "个月", _C),
    BaseUnit(("个",), "个", _C, not_before="百分点"),
    BaseUnit(("人次",), "人次", _C),
    BaseUnit(("人",), "人", _C, not_before="民"),
    BaseUnit(("户次",), "户次", _C),
    BaseUnit(("户",), "户", _C, not_before="籍|口|型"),
    BaseUnit(("场次",), "场次", _C),
    BaseUnit(("场",), "场", _C, not_before="所|馆|景|地|合|面|域"),
    BaseUnit(("次",), "次", _C, not_before="性|要|序|级"),
    BaseUnit(("名",), "名", _C, not_before="称|单|义|额|列|誉|片"),
    BaseUnit(("件",), "件", _C),
    BaseUnit(("份",), "份", _C, not_before="额"),
    BaseUnit(("条",), "条", _C, not_before="件|例|款"),
    BaseUnit(("篇",), "篇", _C),
    BaseUnit(("项",), "项", _C),
    BaseUnit(("家",), "家", _C, not_before="庭|长|属|乡|园|政|具|电|风"),
    BaseUnit(("所",), "所", _C, not_before="有|以|在|属|得|需|谓|长"),
    BaseUnit(("辆",), "辆", _C),
    BaseUnit(("台",), "台", _C, not_before="账|风|阶"),
    BaseUnit(("套",), "套", _C),
    BaseUnit(("批次",), "批次", _C),
    BaseUnit(("批",), "批", _C, not_before="准|复|示|评"),
    # 一期/二期 (工程) name phases, not counts.
    BaseUnit(("期",), "期", _C, not_before="间|限|末|初|望|待|刊", chinese_ok=False),
    BaseUnit(("位",), "位", _C, not_before="置|于|数"),
    BaseUnit(("处",), "处", _C, not_before="理|置|罚|分|室|长"),
    BaseUnit(("座",), "座", _C, not_before="谈"),
    BaseUnit(("起",), "起", _C, not_before="来|到|草|步|诉|点"),
    BaseUnit(("宗",), "宗", _C, not_before="旨|教"),
    BaseUnit(("种",), "种", _C, not_before="子|植|类|养"),
    BaseUnit(("类",), "类", _C, not_before="型|别|似"),
    BaseUnit(("册",), "册", _C),
    BaseUnit(("本",), "本", _C, not_before="级|部|单|次|年|地|身|着|质|科"),
    BaseUnit(("支",), "支", _C, not_before="出|付|持|援|部|撑"),
    BaseUnit(("平方公里",), "平方公里", _X),
    BaseUnit(("平方米",), "平方米", _X),
    BaseUnit(("立方米",), "立方米", _X),
    BaseUnit(("公顷",), "公顷", _X),
    BaseUnit(("公里",), "公里", _X),
    BaseUnit(("米",), "米", _X, not_before="字"),
    BaseUnit(("亩",), "亩", _X),
    BaseUnit(("吨",), "吨", _X),
    BaseUnit(("公斤",), "公斤", _X),
    BaseUnit(("千克",), "千克", _X),
    BaseUnit(("斤",), "斤", _X),
    BaseUnit(("千瓦时",), "千瓦时", _X),
    BaseUnit(("千瓦",), "千瓦", _X),
    BaseUnit(("兆瓦",), "兆瓦", _X),
)

PREFIXES: dict[str, Decimal] = {
    "万亿": Decimal(10) ** 12,
    "千亿": Decimal(10) ** 11,
    "百亿": Decimal(10) ** 10,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "亿": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
    "百": Decimal(10) ** 2,
}

_BY_FORM: dict[str, BaseUnit] = {form: unit for unit in BASE_UNITS for form in unit.written}


def unit_alternation() -> str:
    """One regex alternation over every base unit, longest written form first."""
    ordered = sorted(BASE_UNITS, key=lambda unit: max(map(len, unit.written)), reverse=True)
    return "|".join(unit.pattern for unit in ordered)


def prefix_alternation() -> str:
    """Regex alternation over the scale prefixes, longest first."""
    return "|".join(sorted(PREFIXES, key=len, reverse=True))


def base_unit(written: str) -> BaseUnit:
    """The base unit for a written form matched by :func:`unit_alternation`."""
    return _BY_FORM[written]
