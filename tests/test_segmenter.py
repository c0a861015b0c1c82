"""The grouped jieba dictionary segments exactly like jieba's own, and its cache is never trusted blindly."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import cn2an
import jieba
import pytest

from auditor.nlp.segmenter import ShardedDictionary, dictionary_key, install, load_dictionary
from auditor.text.headings import chinese_heading_number

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    "2024年项目预算100.00万元，实际支出95.00万元，执行率95.00%。",
    "我们坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神。",
    "一般公共预算收入完成 3,215.6亿元，增长5.2%；其中税收收入2417亿元。",
    "ABC公司（Ltd.）与XX局签订了合同#12，金额约1.2万元&其他费用。",
    "",
    "𠀀生僻字与emoji😀混排，以及全角ＡＢＣ１２３。",
]


@pytest.fixture(scope="module")
def tokenizers(tmp_path_factory: pytest.TempPathFactory):
    """A stock jieba tokenizer and one on the grouped dictionary, both fresh."""
    cache = tmp_path_factory.mktemp("jieba-cache")
    stock = jieba.Tokenizer()
    stock.tmp_dir = str(cache)
    stock.initialize()
    grouped = jieba.Tokenizer()
    install(grouped, load_dictionary(jieba, cache))
    return stock, grouped, cache


def _corpus_sentences() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / "reports").glob("*.txt"))[:6]]
    sentences = [s for text in texts for s in text.split("。") if s.strip()]
    rng = random.Random(13)
    rng.shuffle(sentences)
    return sentences[:300]


def test_same_segmentation_as_stock_jieba(tokenizers):
    stock, grouped, _ = tokenizers
    for text in TEXTS + _corpus_sentences():
        assert grouped.lcut(text) == stock.lcut(text), text
        assert grouped.lcut(text, HMM=False) == stock.lcut(text, HMM=False), text
        assert grouped.lcut_for_search(text) == stock.lcut_for_search(text), text


def test_user_words_survive_later_group_loads(tokenizers):
    stock, grouped, _ = tokenizers
    # Added before any text with these first characters was segmented by `grouped`.
    for tokenizer in (stock, grouped):
        tokenizer.add_word("鲲鹏预算执行率", freq=50, tag="n")
        tokenizer.add_word("鳐鱼到位数")  # frequency suggested from the dictionary
    text = "本年鲲鹏预算执行率为98%，鳐鱼到位数20万元，鳐鱼到位。"
    assert grouped.lcut(text) == stock.lcut(text)
    assert grouped.FREQ["鳐鱼到位数"] == stock.FREQ["鳐鱼到位数"]
    assert grouped.total == stock.total


def test_cache_file_round_trip_and_damage(tokenizers, tmp_path):
    _, _, cache = tokenizers
    key = dictionary_key(jieba)
    files = list(cache.glob("jieba-*.dict"))
    assert len(files) == 1
    data = files[0].read_bytes()
    assert ShardedDictionary.from_bytes(data, key) is not None
    assert ShardedDictionary.from_bytes(data, key + "other") is None
    damaged = bytearray(data)
    damaged[-10] ^= 0xFF
    assert ShardedDictionary.from_bytes(bytes(damaged), key) is None
    assert ShardedDictionary.from_bytes(b"not a dictionary", key) is None
    # A damaged cache file is rebuilt, not used.
    files[0].write_bytes(bytes(damaged))
    rebuilt = load_dictionary(jieba, cache)
    assert ShardedDictionary.from_bytes(files[0].read_bytes(), key) is not None
    assert rebuilt.total == ShardedDictionary.from_bytes(data, key).total


@pytest.mark.parametrize("length", [1, 2, 3])
def test_heading_numbers_read_as_cn2an_does(length):
    for chars in itertools.product("一二三四五六七八九十", repeat=length):
        token = "".join(chars)
        try:
            expected: object = int(cn2an.cn2an(token, "smart"))
        except Exception as error:  # cn2an raises ValueError or KeyError on odd numerals
            expected = type(error)
        try:
            got: object = chinese_heading_number(token)
        except Exception as error:
            got = type(error)
        assert got == expected, token


def test_concepts_without_spacy_equal_the_spacy_pipeline():
    from auditor.nlp.concepts import concepts_of
    from auditor.nlp.pipeline import analyse
    from auditor.nlp.terms import concepts_in_pieces

    pieces = ["本年度实际支出", "预算执行率为", " 实际 支出", "比上年增长", "", "到位资金  合计", "实际支出"]
    pieces += [s for s in _corpus_sentences()[:200]]
    joined = "\n".join(pieces)
    assert concepts_in_pieces(pieces) == concepts_of(analyse(joined))
    assert concepts_in_pieces(pieces) == concepts_of(analyse(joined))  # segmentation memoised
    extra = (("支出", ("列支",)),)
    assert concepts_in_pieces(["本年列支资金", "列支"], extra) == concepts_of(analyse("本年列支资金\n列支", extra))


def test_word_alignment_equals_spacys():
    from spacy.util import get_words_and_spaces

    from auditor.nlp.terms import words_and_spaces

    rng = random.Random(11)
    for _ in range(2000):
        text = "".join(rng.choice("甲乙 丙\n\t ") for _ in range(rng.randint(0, 20)))
        words, position = [], 0
        while position < len(text):  # a cut as jieba makes: each space its own word
            if text[position].isspace():
                words.append(text[position])
                position += 1
                continue
            step = 1
            while step < rng.randint(1, 4) and position + step < len(text) and not text[position + step].isspace():
                step += 1
            words.append(text[position:position + step])
            position += step
        assert words_and_spaces(words, text) == get_words_and_spaces(words, text), (words, text)


def test_longest_first_is_spacys_filter_spans():
    import spacy
    from spacy.tokens import Doc, Span
    from spacy.util import filter_spans

    from auditor.nlp.terms import longest_first

    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=["w"] * 40)
    labels = [nlp.vocab.strings.add("甲"), nlp.vocab.strings.add("乙")]
    rng = random.Random(7)
    for _ in range(500):
        matches = []
        for _ in range(rng.randint(0, 10)):
            start = rng.randint(0, 38)
            matches.append((rng.choice(labels), start, rng.randint(start + 1, min(40, start + 5))))
        expected = [(s.label, s.start, s.end) for s in filter_spans([Span(doc, a, b, label=m) for m, a, b in matches])]
        assert longest_first(matches) == expected, matches


def test_jieba_is_set_up_without_pkg_resources(tmp_path: Path, tokenizers) -> None:
    """jieba reads its data files by path; setuptools' slow pkg_resources is never imported."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from auditor.nlp.segmenter import ready_jieba\n"
        "jieba = ready_jieba()\n"
        "print(' '.join(jieba.lcut('项目预算执行率为98.5%')))\n"
        "print('pkg_resources' in sys.modules)\n"
    )
    env = {"AUDITOR_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=env, cwd=ROOT, check=True)
    words, imported = result.stdout.splitlines()
    stock = tokenizers[0]
    assert words == " ".join(stock.lcut("项目预算执行率为98.5%"))
    assert imported == "False"
