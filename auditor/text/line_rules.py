"""The structure rules applied to the line-type model's output, in one place.

The model types each line from cheap features; a few facts of layout hold for every
document and are applied after it, the same way when a document is analysed and when
training measures the model (``auditor train --model lines``): the ``目录`` line and the
contents block, the opening and the body of each table, and page numbers.
"""

from __future__ import annotations

import regex

from auditor.text.contents import with_contents_zone
from auditor.text.lines import LineType, TypedLines
from auditor.text.normalize import normalize_width
from auditor.text.table_blocks import with_table_bodies, with_table_openings
from auditor.text.text_tables import with_table_headers

#: A line that is nothing but a page number set off as one (``— 41 —``, ``- 7 -``,
#: ``第 5 页``, ``3/28``); a bare number alone may be a table's value, so it stays.
_PAGE_NUMBER = regex.compile(
    r"^\s*(?:[-—–―~]{1,2}\s*\d{1,4}\s*[-—–―~]{1,2}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})\s*$")


def with_page_numbers(typed: TypedLines) -> TypedLines:
    """The same lines with every page-number line typed *furniture*."""
    types = [LineType.FURNITURE if _PAGE_NUMBER.match(normalize_width(line.text)) else kind
             for line, kind in typed]
    return TypedLines(typed.lines, tuple(types))


_CONTENTS_HEAD = regex.compile(r"^\s*目\s*[录次]\s*$")


def with_contents_heads(typed: TypedLines) -> TypedLines:
    """The same lines with every ``目录`` line typed *heading*."""
    types = [LineType.HEADING if _CONTENTS_HEAD.match(normalize_width(line.text)) else kind
             for line, kind in typed]
    return TypedLines(typed.lines, tuple(types))


def with_structure(typed: TypedLines) -> TypedLines:
    """All structure rules over the model's types, in their order."""
    return with_page_numbers(with_table_bodies(with_table_headers(with_table_openings(
        with_contents_zone(with_contents_heads(typed))))))
