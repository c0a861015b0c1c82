"""What every rule is: a code, a name, a severity, a Chinese message and a docstring.

A rule's docstring is its user documentation (shown by ``auditor explain``), written
under the fixed headings 检查内容 / 为什么重要 / 示例 / 依据.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from auditor.types import Check, Finding, Severity, Span

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.extract.extraction import Extraction


class Rule:
    """Base class: subclasses set the class attributes and implement :meth:`run`."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    family: ClassVar[str] = ""

    def run(self, doc: AnalysedDocument, extraction: Extraction) -> Iterator[Finding | Check]:
        """Yield findings (and, for relation rules, the checks performed).

        ``doc`` holds the text views; ``extraction`` the facts and relations the extract
        stage built (rules read relations there and never compute them).
        """
        raise NotImplementedError

    def finding(
        self,
        span: Span,
        message: str,
        *,
        related: Iterable[Span] = (),
        evidence: Mapping[str, Any] | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """Build a finding of this rule with a stable fingerprint."""
        evidence = dict(evidence or {})
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=message,
            span=span,
            related=tuple(related),
            evidence=evidence,
            fingerprint=fingerprint(self.code, span.text, evidence),
        )

    @classmethod
    def documentation(cls) -> str:
        """The rule's user documentation (its docstring, dedented)."""
        return _documentation(cls)

    @classmethod
    def summary(cls) -> str:
        """First line of the documentation."""
        return cls.documentation().splitlines()[0] if cls.__doc__ else ""


@cache
def _documentation(rule: type[Rule]) -> str:
    # Reports ask for a rule's help once per finding: dedent each docstring once.
    import inspect

    return inspect.cleandoc(rule.__doc__ or "")


#: Evidence that explains a finding but may change without the finding changing: the role
#: classifier's reading of a sentence (when the model is retrained), line numbers (when
#: text is added above) and the alternative readings a relation was tried under.
VOLATILE_EVIDENCE = frozenset({"roles", "lines", "readings"})


def fingerprint(code: str, text: str, evidence: Mapping[str, Any]) -> str:
    """Stable id of a finding: code + its text + evidence, independent of its position."""
    stable = {key: value for key, value in evidence.items()
              if not key.startswith("_") and key not in VOLATILE_EVIDENCE}
    payload = json.dumps([code, " ".join(text.split()), stable], ensure_ascii=False,
                         sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
