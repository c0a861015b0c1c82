"""One document's audit under a configuration, as a picklable callable for worker processes."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from auditor.config import Config
from auditor.result import DocumentResult


def rule_settings(config: Config) -> dict[str, object]:
    """The thresholds rules read from ``AnalysedDocument.settings``."""
    return {
        "grade_bands": config.grade_bands,
        "grade_scale": config.grade_scale,
        "amount_bounds": config.amount_bounds,
        "lexicon": dict(config.lexicon),
    }


_AUDITED = [0]  # documents audited by this process


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while one document is audited.

    An audit allocates millions of small objects that hardly ever form cycles; the
    collector's repeated passes over them cost a fifth of a dense document's time and free
    nothing. Reference counting frees them as usual; cycles wait for the next document.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_SAMPLE = "一、基本情况\n年度预算100万元，实际支出90万元，执行率90%。\n二、评价结论\n完成年度目标，自评为优。\n"


def warm_up() -> None:
    """Load what every audit needs (the pipeline's modules, the models, the whole
    segmentation dictionary) by auditing a short sample.

    Run once in a parent before it forks its workers: they start warm and share those
    pages, instead of each paying about a second of CPU for the same loading.
    """
    from auditor.extract.cn_numerals import cn_integer
    from auditor.nlp.segmenter import load_whole_dictionary
    from auditor.pipeline import audit_text

    with cyclic_gc_paused():
        audit_text(_SAMPLE)
    cn_integer("三十")  # the first Chinese numeral imports cn2an: 0.4 s of compiled patterns
    load_whole_dictionary()


@dataclass(frozen=True)
class AuditJob:
    """Audit a path with the rules ``config`` enables, then apply its per-file ignores.

    The two halves are separate for the executors and the cache: :meth:`audit` depends on
    the file's content and the configuration only (it runs on a worker and its result is
    cached), :meth:`finish` on the path (it runs where the reports are written).
    """

    config: Config

    def __call__(self, path: Path) -> DocumentResult:
        return self.finish(self.audit(path))

    def audit(self, path: Path) -> DocumentResult:
        """The document's result before per-file ignores."""
        from auditor.pipeline import audit_path  # not needed by a scan served from the cache

        with cyclic_gc_paused():
            result = audit_path(path, rule_settings(self.config), self.config.rule_enabled)
        _AUDITED[0] += 1
        if _AUDITED[0] == 2:  # a batch: the whole segmentation dictionary, once
            from auditor.nlp.segmenter import load_whole_dictionary

            load_whole_dictionary()
        return result

    def finish(self, result: DocumentResult) -> DocumentResult:
        """Drop the findings the configuration ignores for this document's path."""
        kept = tuple(f for f in result.findings if self.config.rule_enabled(f.code, result.path))
        return result if len(kept) == len(result.findings) else replace(result, findings=kept)
