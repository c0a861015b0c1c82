"""jieba, set up once per process, its dictionary loaded by first character on demand.

jieba's own start-up unmarshals its whole prefix dictionary (half a million entries, about
0.6 s) from a cache file in the shared temporary folder. Segmenting a text only ever looks
up substrings of that text, so only entries whose first character occurs in the text can
matter. The dictionary is therefore stored once, grouped by first character, in the
user's cache folder (:func:`auditor.paths.user_cache_dir`), and a group is loaded the
first time a text contains its character. Segmentation is exactly jieba's (a test
compares it with the stock tokenizer); a short report loads a quarter of the dictionary.

The cache file is a plain layout (a JSON header, UTF-8 words, 32-bit frequencies) checked
by a digest; a file that is damaged, foreign or from another jieba is rebuilt, never
trusted. When the cache folder cannot be written the groups are kept in memory only.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import json
import logging
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from auditor.paths import user_cache_dir

FORMAT = "auditor-jieba-dictionary"
VERSION = 1
MAGIC = b"AUDJIEBA"
_HEADER_SIZE = 8  # bytes of the header length after the magic
_LOCK = threading.Lock()
_READY: dict[str, Any] = {}
_USER_DICTIONARIES: set[str] = set()

logger = logging.getLogger(__name__)


@dataclass
class _Group:
    word_start: int
    word_end: int
    freq_start: int
    count: int


class ShardedDictionary:
    """jieba's prefix dictionary grouped by first character, loaded group by group."""

    def __init__(self, groups: dict[str, _Group], words: bytes, freqs: bytes, total: int) -> None:
        self.groups = groups
        self.words = words
        self.freqs = freqs
        self.total = total
        self.pending = set(groups)
        self.lock = threading.Lock()

    def load_into(self, table: dict[str, int], text: Iterable[str]) -> None:
        """Add to ``table`` every group whose first character occurs in ``text``."""
        if not self.pending:
            return
        missing = self.pending.intersection(text)
        if not missing:
            return
        with self.lock:
            for char in missing:
                if char in self.pending:
                    group = self.groups[char]
                    words = self.words[group.word_start:group.word_end].decode("utf-8").split("\n")
                    freqs = array.array("I")
                    freqs.frombytes(self.freqs[group.freq_start * 4:(group.freq_start + group.count) * 4])
                    if sys.byteorder != "little":
                        freqs.byteswap()
                    table.update(zip(words, freqs, strict=True))
                    self.pending.discard(char)

    @classmethod
    def from_table(cls, table: dict[str, int], total: int) -> ShardedDictionary:
        """Group a full prefix dictionary (jieba's ``FREQ``) by first character."""
        by_char: dict[str, list[tuple[str, int]]] = {}
        for word, freq in table.items():
            by_char.setdefault(word[0], []).append((word, freq))
        groups: dict[str, _Group] = {}
        words = bytearray()
        freqs = array.array("I")
        for char in sorted(by_char):
            entries = by_char[char]
            blob = "\n".join(word for word, _ in entries).encode("utf-8")
            groups[char] = _Group(len(words), len(words) + len(blob), len(freqs), len(entries))
            words += blob
            freqs.extend(freq for _, freq in entries)
        if sys.byteorder != "little":
            freqs.byteswap()
        return cls(groups, bytes(words), freqs.tobytes(), total)

    def to_bytes(self, key: str) -> bytes:
        """The cache file's content."""
        body = self.words + self.freqs
        header = {
            "format": FORMAT, "version": VERSION, "key": key, "total": self.total,
            "words": len(self.words), "digest": hashlib.sha256(body).hexdigest(),
            "groups": {char: [g.word_start, g.word_end, g.freq_start, g.count]
                       for char, g in self.groups.items()},
        }
        head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return MAGIC + len(head).to_bytes(_HEADER_SIZE, "little") + head + body

    @classmethod
    def from_bytes(cls, data: bytes, key: str) -> ShardedDictionary | None:
        """Parse a cache file; ``None`` when it is damaged, foreign or for another key."""
        try:
            if not data.startswith(MAGIC):
                return None
            size = int.from_bytes(data[len(MAGIC):len(MAGIC) + _HEADER_SIZE], "little")
            start = len(MAGIC) + _HEADER_SIZE
            header = json.loads(data[start:start + size].decode("utf-8"))
            body = data[start + size:]
            if (not isinstance(header, dict) or header.get("format") != FORMAT
                    or header.get("version") != VERSION or header.get("key") != key
                    or hashlib.sha256(body).hexdigest() != header.get("digest")):
                return None
            split = int(header["words"])
            words, freqs = body[:split], body[split:]
            count = len(freqs) // 4
            groups = {}
            for char, (word_start, word_end, freq_start, entries) in header["groups"].items():
                if not (0 <= word_start <= word_end <= len(words) and freq_start >= 0
                        and freq_start + entries <= count and len(char) == 1):
                    return None
                groups[char] = _Group(word_start, word_end, freq_start, entries)
            return cls(groups, words, freqs, int(header["total"]))
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None


def _import_jieba() -> ModuleType:
    """``import jieba`` without its ``import pkg_resources``.

    jieba imports setuptools' ``pkg_resources`` only to open its own data files, and that
    import costs several times the rest of jieba's; when it is unavailable jieba opens the
    same files by path. The block is lifted at once, so nothing else sees it.
    """
    loaded = sys.modules.get("jieba")
    if loaded is not None:
        return loaded
    block = "pkg_resources" not in sys.modules
    if block:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        if block and sys.modules.get("pkg_resources", False) is None:
            del sys.modules["pkg_resources"]
    return jieba


def ready_jieba() -> ModuleType:
    """jieba's default tokenizer, initialised from the grouped dictionary (once per process)."""
    with _LOCK:
        jieba = _import_jieba()
        if _READY.get("jieba") is jieba:
            return jieba
        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.dt
        cache = user_cache_dir()
        tokenizer.tmp_dir = str(cache)  # jieba's own cache, if anything asks for it
        if not tokenizer.initialized and tokenizer.dictionary == jieba.DEFAULT_DICT:
            grouped = load_dictionary(jieba, cache)
            install(tokenizer, grouped)
            _READY["grouped"] = (grouped, tokenizer.FREQ)
            # The module's shortcuts were bound to the tokenizer's original methods.
            jieba.get_DAG = tokenizer.get_DAG
            jieba.add_word = tokenizer.add_word
        _READY["jieba"] = jieba
        return jieba


def load_whole_dictionary() -> None:
    """Load every group not loaded yet (nothing when jieba is not set up here).

    A batch needs most of the dictionary sooner or later; loading it at once keeps a
    worker's memory the same whether it has seen a hundred documents or ten thousand.
    """
    grouped = _READY.get("grouped")
    if grouped is not None:
        dictionary, table = grouped
        dictionary.load_into(table, list(dictionary.pending))


def load_user_dictionary(path: Path) -> bool:
    """Add a user dictionary (``word [freq] [tag]`` lines) to jieba, once per file per process.

    Loading the same words twice would add their frequencies to jieba's total twice and
    shift its segmentation: the concept matcher and the role classifier share one load.
    """
    jieba = ready_jieba()
    if not path.is_file():
        return False
    key = str(path.resolve())
    with _LOCK:
        if key not in _USER_DICTIONARIES:
            jieba.load_userdict(str(path))
            _USER_DICTIONARIES.add(key)
    return True


def dictionary_key(jieba: ModuleType) -> str:
    """What the grouped dictionary depends on: jieba's version and its dictionary file."""
    path = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    try:
        stat = path.stat()
        stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        stamp = "missing"
    return f"{jieba.__version__}:{path}:{stamp}:{VERSION}"


def _cache_file(cache: Path, key: str) -> Path:
    return cache / f"jieba-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}.dict"


def load_dictionary(jieba: ModuleType, cache: Path) -> ShardedDictionary:
    key = dictionary_key(jieba)
    path = _cache_file(cache, key)
    with contextlib.suppress(OSError):
        loaded = ShardedDictionary.from_bytes(path.read_bytes(), key)
        if loaded is not None:
            return loaded
    table, total = jieba.dt.gen_pfdict(jieba.dt.get_dict_file())
    built = ShardedDictionary.from_table(table, total)
    try:
        from auditor.fsutil import write_atomic

        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, built.to_bytes(key), durable=False)
    except OSError as error:
        logger.debug("jieba dictionary cache not written: %s", error)
    return built


def install(tokenizer: Any, dictionary: ShardedDictionary) -> None:
    """Point a ``jieba.Tokenizer`` at ``dictionary``: each lookup path loads its groups first."""
    table: dict[str, int] = {}
    tokenizer.FREQ = table
    tokenizer.total = dictionary.total
    get_dag = tokenizer.get_DAG
    add_word = tokenizer.add_word

    def get_dag_loaded(sentence: str) -> dict[int, list[int]]:
        dictionary.load_into(table, sentence)
        return get_dag(sentence)

    def add_word_loaded(word: str, freq: int | None = None, tag: str | None = None) -> None:
        # The word's groups go in first, so a later group load cannot overwrite it.
        dictionary.load_into(table, word)
        add_word(word, freq, tag)

    tokenizer.get_DAG = get_dag_loaded
    tokenizer.add_word = add_word_loaded
    tokenizer.initialized = True
