"""A small pinyin input method engine: letters typed on the on-screen keyboard -> Chinese candidates.

Why our own engine on pypinyin's and jieba's data: Qt Virtual Keyboard (and its Pinyin plugin) is
not part of PySide6-Essentials, and a system IME (ibus, fcitx) would need a desktop session the
kiosk does not run. pypinyin (well kept, MIT) ships the readings of every character
(``pinyin_dict``) and of the words whose reading differs from their characters' first reading
(``phrases_dict``); jieba (MIT) ships ``dict.txt``, 349,000 words with corpus frequencies, which
ranks the candidates. pypinyin has no frequencies and jieba no readings, so the two together give
what an IME needs: whole words first (longest first, by frequency), then single characters by
frequency. jieba's file is read directly, without importing jieba (its import sets up a
segmenter and a cache we do not need).

Qt-free and database-free: the flow's forms compose with it (``kiosk.flow.forms``), the screens
only show the candidates the view carries. Building the index reads two dictionaries (about a
second); :func:`shared_engine` builds it once, and ``warm_up`` lets the composition root do that
on a worker thread before the first person types.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("kiosk.pinyin")

MAX_SYLLABLE = 6  # "zhuang", "shuang"
MAX_PHRASE_CHARS = 4  # longer words are rare as candidates and too wide for a candidate button
_OTHER_READING = 50  # how much less a character's second or later reading weighs than its first
_CHARS_BEFORE_SPLIT_WORDS = 5  # one syllable typed: this many characters before words of two ("xi'an")
_MIN_WORD_FREQ = 3  # jieba words seen fewer times are noise (typos, segmentation leftovers)


@dataclass(frozen=True)
class Candidate:
    """One choice in the candidate bar: its text and how many typed letters it stands for."""

    text: str
    consumed: int


def _gb2312(text: str) -> bool:
    """Simplified characters in everyday use (GB 2312, 6,763 characters) come first."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _jieba_dict() -> Path:
    spec = importlib.util.find_spec("jieba")  # finds the package without running its __init__
    if spec is None or spec.origin is None:  # pragma: no cover - a dependency in pyproject.toml
        raise RuntimeError("jieba's dictionary is not installed")
    return Path(spec.origin).parent / "dict.txt"


class PinyinEngine:
    """Pinyin (tone-less, ``v`` for ü) -> candidates. Build with :meth:`from_dictionaries`."""

    def __init__(self, chars: dict[str, list[str]], words: dict[str, list[str]]) -> None:
        # chars: syllable -> characters, most frequent first; words: joined syllables -> words
        self._chars = chars
        self._words = words
        self.syllables = frozenset(chars)
        self._prefixes = frozenset(s[:i] for s in self.syllables for i in range(1, len(s) + 1))

    # ---- building --------------------------------------------------------------------------------
    @classmethod
    def from_dictionaries(cls) -> PinyinEngine:
        from pypinyin.contrib.tone_convert import to_normal
        from pypinyin.phrases_dict import phrases_dict
        from pypinyin.pinyin_dict import pinyin_dict

        freq: dict[str, int] = {}
        with _jieba_dict().open(encoding="utf-8") as f:
            for line in f:
                text, seen, *_ = line.split(" ")
                freq[text] = int(seen)

        plain: dict[str, str] = {}

        def normal(reading: str) -> str:
            if reading not in plain:
                plain[reading] = to_normal(reading).replace("ü", "v")
            return plain[reading]

        first_reading: dict[str, str] = {}
        by_syllable: dict[str, dict[str, tuple[bool, float]]] = {}
        for code, readings in pinyin_dict.items():
            ch = chr(code)
            if not _gb2312(ch) and ch not in freq:
                continue  # rare or traditional characters nobody types at a tax kiosk
            for i, reading in enumerate(readings.split(",")):
                syllable = normal(reading)
                if not syllable.isascii() or not syllable.isalpha():
                    continue
                if i == 0:
                    first_reading[ch] = syllable
                # a character's other readings are often archaic (方 as "wang"): they count for less
                weight = freq.get(ch, 0) / (1 if i == 0 else _OTHER_READING)
                old = by_syllable.setdefault(syllable, {}).get(ch)
                if old is None or weight > old[1]:
                    by_syllable[syllable][ch] = (not _gb2312(ch), weight)

        def ranked_chars(cs: dict[str, tuple[bool, float]]) -> list[str]:
            return sorted(cs, key=lambda c: (cs[c][0], -cs[c][1], c))

        chars = {s: ranked_chars(cs) for s, cs in by_syllable.items()}

        words: dict[str, dict[str, int]] = {}

        def add(word: str, syllables: list[str]) -> None:
            words.setdefault("".join(syllables), {})[word] = freq.get(word, 0)

        for entry, count in freq.items():
            if not (2 <= len(entry) <= MAX_PHRASE_CHARS) or count < _MIN_WORD_FREQ or not _gb2312(entry):
                continue
            if entry in phrases_dict:
                continue  # its own reading below
            syllables = [first_reading.get(ch, "") for ch in entry]
            if all(syllables):
                add(entry, syllables)
        for phrase, per_char in phrases_dict.items():
            if 2 <= len(phrase) <= MAX_PHRASE_CHARS and _gb2312(phrase):
                add(phrase, [normal(r[0]) for r in per_char])
        ranked = {key: sorted(ws, key=lambda w: (-ws[w], w)) for key, ws in words.items()}
        log.info("pinyin index: %d syllables, %d words", len(chars), sum(len(v) for v in ranked.values()))
        return cls(chars, ranked)

    # ---- typing ---------------------------------------------------------------------------------
    def segment(self, letters: str) -> list[str]:
        """Split typed letters into syllables, the last one possibly unfinished ("wangf" -> wang, f).

        The fewest pieces win (so "xian" is one syllable, as IMEs do; words typed as "xi'an" are
        still found, since words are looked up by their letters without separators).
        """
        letters = letters.lower()
        n = len(letters)
        best: list[list[str] | None] = [None] * (n + 1)
        best[0] = []
        for i in range(n):
            here = best[i]
            if here is None:
                continue
            for j in range(i + 1, min(n, i + MAX_SYLLABLE) + 1):
                piece = letters[i:j]
                whole = piece in self.syllables
                if not whole and not (j == n and piece in self._prefixes):
                    continue
                there = best[j]
                if there is None or len(here) + 1 < len(there):
                    best[j] = [*here, piece]
        if best[n] is None:  # letters no syllable starts with: each letter stands alone
            return list(letters)
        return best[n] or []

    def candidates(self, letters: str, limit: int = 60) -> list[Candidate]:
        """Whole words for all the letters first, then words for the longest leading syllables,
        then single characters for the first syllable, each group by frequency."""
        letters = letters.lower()
        if not letters:
            return []
        pieces = self.segment(letters)
        out: list[Candidate] = []
        seen: set[str] = set()

        def take(texts: list[str], consumed: int) -> None:
            for t in texts:
                if len(out) >= limit:
                    return
                if t not in seen:
                    seen.add(t)
                    out.append(Candidate(t, consumed))

        ends = [sum(len(p) for p in pieces[: k + 1]) for k in range(len(pieces))]
        for end in reversed(ends[1:]):  # words of 2+ syllables, the longest first
            take(self._words.get(letters[:end], []), end)
        first = pieces[0]
        if first in self.syllables:
            if len(pieces) == 1:  # "xian": 先 县 现 first, and the words split otherwise (西安) soon after
                take(self._chars[first][:_CHARS_BEFORE_SPLIT_WORDS], len(first))
                take(self._words.get(letters, []), len(letters))
            take(self._chars[first], len(first))
        else:  # an unfinished syllable: the characters of every syllable it starts
            starts = sorted((s for s in self.syllables if s.startswith(first)), key=len)
            merged = sorted({c for s in starts for c in self._chars[s][:20]},
                            key=lambda c: min(self._chars[s].index(c) for s in starts if c in self._chars[s]))
            take(merged, len(first))
        return out


_lock = threading.Lock()
_shared: PinyinEngine | None = None


def shared_engine() -> PinyinEngine:
    """The one engine of the process, built on first use (``warm_up`` builds it ahead of time)."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = PinyinEngine.from_dictionaries()
        return _shared


def warm_up() -> threading.Thread:
    """Build the shared engine on a daemon thread (the composition root calls it at start-up)."""
    t = threading.Thread(target=shared_engine, name="pinyin-index", daemon=True)
    t.start()
    return t


__all__ = ["Candidate", "PinyinEngine", "shared_engine", "warm_up"]
