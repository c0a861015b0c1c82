"""PDF reading: text layer per page, page furniture dropped, scans/encryption/damage refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import InputProblem
from auditor.ingest import read_source
from auditor.ingest.pdf import clean_page_text, widen_punctuation
from auditor.locate import Locator
from auditor.pipeline import audit_path
from tests.builders import make_image_pdf, make_pdf, make_positioned_pdf, truncate

PAGE_ONE = ["一、项目基本情况", "2024年项目年初预算100.00万元，全年执行95.00万元。"]
PAGE_TWO = ["二、绩效目标完成情况", "执行率为95.00%，较2023年提高2个百分点。"]
PAGE_THREE = ["三、存在问题", "无。"]


def _code(path: Path) -> str:
    with pytest.raises(InputProblem) as caught:
        read_source(path)
    return caught.value.code


def test_chinese_text_layer_with_page_starts(tmp_path: Path) -> None:
    source = read_source(make_pdf(tmp_path / "r.pdf", [PAGE_ONE, PAGE_TWO, PAGE_THREE]))
    assert source.format == "pdf"
    assert len(source.page_starts) == 3
    assert source.page_starts[0] == 0
    ends = [*source.page_starts[1:], len(source.text)]
    pages = [
        source.text[start:end].rstrip("\n")
        for start, end in zip(source.page_starts, ends, strict=True)
    ]
    assert pages == ["\n".join(PAGE_ONE), "\n".join(PAGE_TWO), "\n".join(PAGE_THREE)]
    start = source.text.index("95.00%")
    assert Locator(source).span(start, start + 6).page == 2


def test_sentences_keep_their_figures(tmp_path: Path) -> None:
    source = read_source(make_pdf(tmp_path / "r.pdf", [PAGE_ONE, PAGE_TWO]))
    assert "2024年项目年初预算100.00万元，全年执行95.00万元。" in source.text.split("\n")
    assert "执行率为95.00%，较2023年提高2个百分点。" in source.text.split("\n")


@pytest.mark.parametrize(
    "style", ["- {n} -", "— {n} —", "第 {n} 页", "第{n}页 共{total}页", "{n}/{total}", "{n}"]
)
def test_page_numbers_are_dropped(tmp_path: Path, style: str) -> None:
    path = make_pdf(tmp_path / "n.pdf", [PAGE_ONE, PAGE_TWO, PAGE_THREE], page_numbers=style)
    source = read_source(path)
    lines = source.text.split("\n")
    assert lines == [*PAGE_ONE, *PAGE_TWO, *PAGE_THREE]
    assert source.text[source.page_starts[2]:].startswith("三、存在问题")


def test_repeated_header_is_dropped(tmp_path: Path) -> None:
    pages = [PAGE_ONE, PAGE_TWO, PAGE_THREE, ["四、其他说明", "无。"]]
    path = make_pdf(tmp_path / "h.pdf", pages, header="某某局2024年度项目支出绩效自评报告")
    source = read_source(path)
    assert "某某局2024年度项目支出绩效自评报告" not in source.text
    assert source.text.split("\n")[:2] == PAGE_ONE


def test_a_number_line_that_is_not_a_page_number_stays(tmp_path: Path) -> None:
    pages = [["合计", "128"], ["说明", "37"], ["结语", "5"]]
    source = read_source(make_pdf(tmp_path / "t.pdf", pages))
    assert source.text.split("\n") == ["合计", "128", "说明", "37", "结语", "5"]


def test_private_use_decimal_point_between_digits() -> None:
    assert clean_page_text("比重达７６\U001001b0１％\r\n下一行") == "比重达７６．１％\n下一行"
    assert clean_page_text("支出58\U001001b07亿元") == "支出58.7亿元"
    assert clean_page_text("\U001001b0单独") == "\U001001b0单独"


def test_full_width_punctuation_mapped_to_ascii_is_restored() -> None:
    raw = "成效.各级,财政:支出5.8亿元"
    wide = {raw.index("."), raw.index(","), raw.index(":")}
    assert widen_punctuation(raw, wide) == "成效。各级，财政：支出5.8亿元"
    assert widen_punctuation("增长5.8%", {3}) == "增长5．8%"
    assert widen_punctuation(raw, set()) == raw


def test_page_numbers_alone_do_not_make_a_text_layer(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "numbers.pdf", [[], [], []], page_numbers="- {n} -")
    assert _code(path) == "AU003"


def test_partly_scanned_pdf_is_read_and_flagged(tmp_path: Path) -> None:
    source = read_source(make_pdf(tmp_path / "p.pdf", [PAGE_ONE, []]))
    assert source.text.startswith("\n".join(PAGE_ONE))
    assert source.notes == ("AU003",)
    assert source.empty_pages == (2,)


def test_pages_without_text_are_reported_once_with_their_range(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "p.pdf", [PAGE_ONE, [], [], PAGE_TWO, []])
    result = audit_path(path)
    au003 = [finding for finding in result.findings if finding.code == "AU003"]
    assert len(au003) == 1
    assert "第 2–3、5 页" in au003[0].message


# A page whose content stream draws its lines out of visual order: the second item after the
# third (some office suites write text objects in the order they were last edited).
_ITEMS = [
    (72, 760, "一、部门概况"),
    (72, 740, "本部门负责全区社会工作，内设三个科室，编制人数12人。"),
    (72, 720, "二、收入支出决算总体情况说明"),
    (72, 700, "本年收入合计307.82万元，本年支出合计307.82万元。"),
    (72, 680, "三、支出决算情况说明"),
    (72, 660, "本年支出合计307.82万元，其中基本支出105.58万元。"),
    (72, 640, "四、其他重要事项说明"),
    (72, 620, "无。"),
]


def test_text_drawn_out_of_order_is_read_in_visual_order(tmp_path: Path) -> None:
    stream = [_ITEMS[0], _ITEMS[1], _ITEMS[4], _ITEMS[5], _ITEMS[2], _ITEMS[3], _ITEMS[6], _ITEMS[7]]
    shuffled = read_source(make_positioned_pdf(tmp_path / "shuffled.pdf", [stream]))
    in_order = read_source(make_positioned_pdf(tmp_path / "ordered.pdf", [_ITEMS]))
    assert shuffled.text == in_order.text == "\n".join(text for _, _, text in _ITEMS)
    result = audit_path(tmp_path / "shuffled.pdf")
    assert not [finding for finding in result.findings if finding.code == "AU301"]


def test_a_real_skip_in_visual_order_is_still_found(tmp_path: Path) -> None:
    skipped = [item for item in _ITEMS if not item[2].startswith("三、")]
    stream = [skipped[0], skipped[1], skipped[4], skipped[5], skipped[2], skipped[3]]
    result = audit_path(make_positioned_pdf(tmp_path / "skip.pdf", [stream]))
    assert [finding.span.text for finding in result.findings if finding.code == "AU301"] == [
        "四、其他重要事项说明"]


def test_a_table_cell_of_a_pdf_has_its_box_on_the_page(tmp_path: Path) -> None:
    rows = [(72, 760, "收入支出决算总表"),
            (72, 740, "一、一般公共预算财政拨款收入 307.82 一、一般公共服务支出 264.87"),
            (72, 720, "本年收入合计307.82万元。")]
    source = read_source(make_positioned_pdf(tmp_path / "b.pdf", [[], rows]))
    locator = Locator(source)
    start = source.text.index("264.87")
    span = locator.span(start, start + 6)
    assert span.bbox is not None
    page, x0, y0, x1, y1 = span.bbox
    assert page == 2 and 300 < x0 < x1 < 560 and 735 < y1 < 755 and y0 < y1
    assert span.to_json()["bbox"] == dict(zip(("page", "x0", "y0", "x1", "y1"), span.bbox, strict=True))
    # inside a run of prose the report finds the characters itself: no guessed box
    inside = source.text.index("307.82万元")
    assert locator.span(inside, inside + 6).bbox is None


def test_scanned_pdf_has_no_text_layer(tmp_path: Path) -> None:
    path = make_image_pdf(tmp_path / "scan.pdf")
    with pytest.raises(InputProblem) as caught:
        read_source(path)
    assert caught.value.code == "AU003"
    assert "OCR" in caught.value.message


def test_encrypted_pdf(tmp_path: Path) -> None:
    assert _code(make_pdf(tmp_path / "e.pdf", [PAGE_ONE], encrypt="secret")) == "AU008"


@pytest.mark.parametrize("keep", [0.2, 0.6, 0.95])
def test_truncated_pdf_is_unreadable(tmp_path: Path, keep: float) -> None:
    good = make_pdf(tmp_path / "g.pdf", [PAGE_ONE, PAGE_TWO])
    assert _code(truncate(good, tmp_path / "t.pdf", keep)) == "AU001"


def test_not_a_pdf_at_all(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_text("这不是 PDF", encoding="utf-8")
    assert _code(path) == "AU001"
