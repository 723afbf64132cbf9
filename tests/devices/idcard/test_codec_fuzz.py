"""Fuzz: random and mutated byte streams never crash or hang the codec; only its own errors escape."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.idcard.codec import (
    MAX_LEN,
    PREAMBLE,
    SW3,
    CommandParser,
    FrameParser,
    build_read_data,
    decode_text_block,
    encode_response,
    parse_read_data,
)
from devices.idcard.errors import CodecError
from devices.idcard.samples import list_samples, load_card

_SPEC = load_card(list_samples()[0])
_READ_FRAME = encode_response(SW3.SUCCESS, build_read_data(_SPEC.text_block(), _SPEC.photo()))
_FRAMES = [
    _READ_FRAME,
    encode_response(SW3.FIND_SUCCESS, bytes(4)),
    encode_response(SW3.FIND_FAILED),
    encode_response(SW3.SUCCESS, bytes(8)),
]

FUZZ = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
# "Never hang": the parser has no loop that waits for input; a hard per-test limit proves it here.
pytestmark = pytest.mark.timeout(60)

# Streams rich in preambles and plausible lengths, so the interesting paths are reached often.
pieces = st.one_of(
    st.binary(max_size=64),
    st.sampled_from(_FRAMES),
    st.just(PREAMBLE),
    st.builds(lambda n: PREAMBLE + n.to_bytes(2, "big"), st.integers(0, 0xFFFF)),
)
streams = st.lists(pieces, max_size=12).map(b"".join)


def _mutate(data: bytes, edits: list[tuple[int, int]]) -> bytes:
    out = bytearray(data)
    for pos, value in edits:
        if out:
            out[pos % len(out)] = value
    return bytes(out)


def _feed_in_chunks(parser: FrameParser | CommandParser, data: bytes, cuts: list[int]) -> list[object]:
    found: list[object] = []
    start = 0
    for cut in [*sorted(c % (len(data) + 1) for c in cuts), len(data)]:
        found += parser.feed(data[start:cut])
        start = max(start, cut)
    found += parser.flush()
    return found


@FUZZ
@given(streams, st.lists(st.integers(0, 5000), max_size=8))
def test_response_parser_never_raises_and_holds_at_most_one_frame(data: bytes, cuts: list[int]) -> None:
    parser = FrameParser()
    for resp in _feed_in_chunks(parser, data, cuts):
        assert 0 <= resp.sw3 <= 0xFF  # type: ignore[attr-defined]
        try:
            payload = parse_read_data(resp.data)  # type: ignore[attr-defined]
            decode_text_block(payload.text, payload.photo)
        except CodecError:
            pass
    assert parser.pending <= 7 + MAX_LEN


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 255)), min_size=1, max_size=6), st.lists(st.integers(0, 2000), max_size=5))
def test_mutated_read_frames_yield_only_valid_frames_or_codec_errors(edits: list[tuple[int, int]], cuts: list[int]) -> None:
    data = _mutate(_READ_FRAME, edits)
    parser = FrameParser()
    for resp in _feed_in_chunks(parser, data, cuts):
        try:
            payload = parse_read_data(resp.data)  # type: ignore[attr-defined]
            decode_text_block(payload.text, payload.photo)
        except CodecError:
            pass


@FUZZ
@given(st.binary(min_size=256, max_size=256))
def test_random_text_blocks_raise_only_codec_errors(block: bytes) -> None:
    with contextlib.suppress(CodecError):
        decode_text_block(block)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 255), st.integers(0, 255)), min_size=1, max_size=12))
def test_mutated_real_text_blocks_raise_only_codec_errors(edits: list[tuple[int, int]]) -> None:
    with contextlib.suppress(CodecError):
        decode_text_block(_mutate(_SPEC.text_block(), edits))


@FUZZ
@given(streams)
def test_command_parser_never_raises(data: bytes) -> None:
    parser = CommandParser()
    parser.feed(data)
    parser.flush()
    assert parser.pending < len(PREAMBLE) + 2 + MAX_LEN
