"""Canonical content and verification codes: originals verify, every altered field does not."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest

from receipts.model import Document, format_code
from receipts.verification import ALPHABET, canonical_bytes, check_code, compute_code, normalize_code
from tests.receipts.conftest import KEY


def leaf_paths(obj: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from leaf_paths(v, (*path, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from leaf_paths(v, (*path, i))
    else:
        yield path


def altered(content: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    out = copy.deepcopy(content)
    target = out
    for step in path[:-1]:
        target = target[step]
    old = target[path[-1]]
    if isinstance(old, bool):
        new: Any = not old
    elif isinstance(old, int):
        new = old + 1
    elif old is None:
        new = "x"
    else:
        new = old + "1" if old else "1"
    target[path[-1]] = new
    return out


def test_code_shape(any_doc: Document) -> None:
    code = any_doc.verification_code
    assert len(code) == 16 and set(code) <= set(ALPHABET)
    assert format_code(code).count("-") == 3 and len(format_code(code)) == 19


def test_code_survives_a_json_round_trip(any_doc: Document) -> None:
    content = json.loads(json.dumps(any_doc.content()))
    assert check_code(KEY, content, any_doc.verification_code)
    assert Document.from_content(content).content() == any_doc.content()


def test_every_altered_field_fails(any_doc: Document) -> None:
    content = any_doc.content()
    paths = list(leaf_paths(content))
    assert len(paths) > 20
    for path in paths:
        assert not check_code(KEY, altered(content, path), any_doc.verification_code), path


def test_other_key_fails(any_doc: Document) -> None:
    assert not check_code(b"\x01" * 32, any_doc.content(), any_doc.verification_code)


def test_canonical_bytes_are_stable() -> None:
    assert canonical_bytes({"b": "1409.50", "a": ["税", True]}) == '{"a":["税",true],"b":"1409.50"}'.encode()
    assert compute_code(KEY, {"a": 1}) == compute_code(KEY, {"a": 1})


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("abcd-efgh-jkmn-pqrs", "ABCDEFGHJKMNPQRS"),
        ("ABCD EFGH JKMN PQRS", "ABCDEFGHJKMNPQRS"),
        ("0Oil-0000-1111-2222", "0011000011112222"),
        ("https://verify.example.invalid/v/ABCDEFGHJKMNPQRS", "ABCDEFGHJKMNPQRS"),
    ],
)
def test_normalize_code(typed: str, expected: str) -> None:
    assert normalize_code(typed) == expected


@pytest.mark.parametrize("bad", ["", "ABC", "ABCDEFGHJKMNPQRSU", "ABCD-EFGH-JKMN-PQRU"])
def test_normalize_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="16"):
        normalize_code(bad)


def test_from_content_rejects_inconsistent_capitals(cert: Document) -> None:
    content = cert.content()
    content["totals"][0][4] = "壹元整"
    with pytest.raises(ValueError, match="canonical"):
        Document.from_content(content)


def test_summary_says_what_it_certifies(cert: Document) -> None:
    s = cert.summary()
    assert "税收完税证明" in s and cert.number in s and "110105********1234" in s
    assert "￥16,409.02" in s and "壹万陆仟肆佰零玖元零贰分" in s and "DEMO" in s
