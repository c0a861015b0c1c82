"""The spaCy pipeline: jieba segmenter with the domain dictionary, and the concept matcher."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.document import AnalysedDocument
from auditor.extract.figures import build_figures
from auditor.nlp.concepts import concepts_of
from auditor.nlp.pipeline import Segmenter, analyse, get_nlp, tokenize
from auditor.types import Source


def test_pipeline_is_built_once_per_process():
    assert get_nlp() is get_nlp()
    assert get_nlp().pipe_names == ["attribute_concepts"]


def test_domain_words_are_single_tokens():
    words = [text for _, _, text in tokenize("本部门预算执行率94.09%，到位数20.00万元，绩效自评后落实整改措施。")]
    for term in ("预算执行率", "到位数", "绩效自评", "整改措施"):
        assert term in words


def test_char_segmenter_is_available():
    assert [t.text for t in get_nlp(Segmenter.CHAR)("预算")] == ["预", "算"]


def test_concepts_keep_the_longest_match():
    doc = analyse("预算执行率94.09%，执行率为80%，完成年初预算的94.40%，实际拨付到位91.67万元")
    found = [(c.term, c.attribute) for c in concepts_of(doc)]
    assert ("预算执行率", "exec_rate") in found
    assert ("执行率", "exec_rate") in found
    assert ("完成年初预算的", "completion_rate") in found
    assert all(term != "预算" for term, _ in found[:1])


def test_configured_lexicon_words_become_concepts():
    plain = AnalysedDocument(Source("x", "txt", "项目列支 20.00 万元。"))
    configured = AnalysedDocument(Source("x", "txt", "项目列支 20.00 万元。"),
                                  {"lexicon": {"支出": ("列支",)}})
    assert [f.fact.attribute for f in build_figures(plain).facts.facts] == ["amount"]
    assert [f.fact.attribute for f in build_figures(configured).facts.facts] == ["spent"]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=list("预算执行率实际支出到位数万元亿元，。、 \n0123456789.%其中合计项目经费"), max_size=120))
def test_tokens_and_concepts_align_to_the_text(text):
    doc = analyse(text)
    for token in doc:
        assert text[token.idx:token.idx + len(token.text)] == token.text
    for concept in concepts_of(doc):
        assert text[concept.start:concept.end] == concept.term
