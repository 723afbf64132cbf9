"""Property (issue 14, item 8): the reader's frame parsers give the same frames and the same error
counts for a byte stream fed whole or split at any points."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from devices.idcard.codec import (
    SW3,
    Command,
    CommandParser,
    FrameParser,
    build_command,
    build_read_data,
    encode_response,
)

_RESPONSES = [
    encode_response(SW3.FIND_SUCCESS, bytes(4)),
    encode_response(SW3.FIND_FAILED),
    encode_response(SW3.SUCCESS, bytes(8)),
    encode_response(SW3.SUCCESS, build_read_data(bytes(256), b"WLf\x00" + bytes(1020))),
    encode_response(SW3.READ_FAILED),
]
_broken = bytearray(encode_response(SW3.SUCCESS, b"\x01\x02"))
_broken[-1] ^= 0xFF
_PIECES = [*_RESPONSES, bytes(_broken), b"\xaa\xaa\xaa\x96\x69\xff\xff", b"\xaa\xaa", b"\x00\x13\x37"]

streams = st.lists(st.sampled_from(_PIECES) | st.binary(max_size=12), max_size=8).map(b"".join)


def _cuts(data: bytes, points: list[int]) -> list[bytes]:
    cuts = sorted({0, len(data), *(p % (len(data) + 1) for p in points)})
    return [data[a:b] for a, b in itertools.pairwise(cuts)]


def _run(parser: FrameParser | CommandParser, chunks: list[bytes]) -> tuple[list[object], int, int, int]:
    found: list[object] = []
    for chunk in chunks:
        found += parser.feed(chunk)
    return found, parser.checksum_errors, parser.length_errors, parser.pending


@settings(max_examples=300, deadline=None)
@given(streams, st.lists(st.integers(min_value=0, max_value=5000), max_size=12))
def test_responses_fed_whole_or_split_parse_the_same(data: bytes, points: list[int]) -> None:
    assert _run(FrameParser(), _cuts(data, points)) == _run(FrameParser(), [data])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([build_command(c) for c in Command]) | st.binary(max_size=8), max_size=8).map(b"".join),
       st.lists(st.integers(min_value=0, max_value=500), max_size=10))
def test_commands_fed_whole_or_split_parse_the_same(data: bytes, points: list[int]) -> None:
    assert _run(CommandParser(), _cuts(data, points)) == _run(CommandParser(), [data])


@settings(max_examples=200, deadline=None)
@given(streams)
def test_byte_by_byte_is_the_same_as_whole(data: bytes) -> None:
    assert _run(FrameParser(), [data[i : i + 1] for i in range(len(data))]) == _run(FrameParser(), [data])
