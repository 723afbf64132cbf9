"""Codec: frames, the incremental parser, read payloads and the text block."""

from __future__ import annotations

from datetime import date

import pytest

from devices.idcard.codec import (
    MAX_LEN,
    PREAMBLE,
    SW3,
    Command,
    CommandParser,
    FrameParser,
    Response,
    build_command,
    build_read_data,
    card_type_of,
    decode_text_block,
    encode_response,
    encode_text_block,
    format_sam_id,
    parse_command,
    parse_read_data,
    parse_response,
    private_use_substitute,
)
from devices.idcard.errors import CodecError, InvalidCardData, InvalidIdNumber
from devices.idcard.identity import CardType, Identity, Sex

# Command frames copied byte for byte from the reference's table
# (/work/shared/reference/idcard-sam-protocol.md, "Commands (full frames, checksum computed)").
REFERENCE_COMMANDS = [
    (Command.RESET, "AA AA AA 96 69 00 03 10 FF EC"),
    (Command.STATUS, "AA AA AA 96 69 00 03 11 FF ED"),
    (Command.SAM_ID, "AA AA AA 96 69 00 03 12 FF EE"),
    (Command.FIND, "AA AA AA 96 69 00 03 20 01 22"),
    (Command.SELECT, "AA AA AA 96 69 00 03 20 02 21"),
    (Command.READ, "AA AA AA 96 69 00 03 30 01 32"),
    (Command.READ_ADDRESS, "AA AA AA 96 69 00 03 30 03 30"),
    (Command.READ_FINGERPRINT, "AA AA AA 96 69 00 03 30 10 23"),
]

# Responses from the reference's "Responses" section. Select's 8 data bytes and CHK are not given
# there ("... 00 0C 00 00 90 <8 bytes> CHK"); zeros are used and the checksum computed by hand.
REFERENCE_RESPONSES = [
    ("find ok", "AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97", SW3.FIND_SUCCESS, bytes(4)),
    ("find failed", "AA AA AA 96 69 00 04 00 00 80 84", SW3.FIND_FAILED, b""),
    ("select ok", "AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C", SW3.SUCCESS, bytes(8)),
]


def _identity(**changes: object) -> Identity:
    base: dict[str, object] = dict(
        card_type=CardType.RESIDENT,
        name="张伟",
        sex=Sex.MALE,
        nation="汉",
        birth_date=date(1985, 3, 12),
        address="北京市朝阳区建国路88号",
        id_number="110105198503120119",
        issuing_authority="北京市公安局朝阳分局",
        valid_from=date(2015, 6, 1),
        valid_to=date(2035, 6, 1),
        photo=bytes(range(256)) * 4,
    )
    base.update(changes)
    return Identity(**base)  # type: ignore[arg-type]


# ---- frames -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("command", "frame"), REFERENCE_COMMANDS, ids=[c.name for c, _ in REFERENCE_COMMANDS])
def test_command_frames_match_the_reference(command: Command, frame: str) -> None:
    raw = bytes.fromhex(frame)
    assert build_command(command) == raw
    parsed = parse_command(raw)
    assert parsed.command is command
    assert parsed.data == b""


@pytest.mark.parametrize(("name", "frame", "sw3", "data"), REFERENCE_RESPONSES, ids=[r[0] for r in REFERENCE_RESPONSES])
def test_response_frames_match_the_reference(name: str, frame: str, sw3: SW3, data: bytes) -> None:
    raw = bytes.fromhex(frame)
    assert encode_response(sw3, data) == raw
    resp = parse_response(raw)
    assert (resp.sw1, resp.sw2, resp.sw3, resp.data) == (0, 0, sw3, data)
    assert resp.status is sw3
    assert resp.ok == (sw3 in (SW3.SUCCESS, SW3.FIND_SUCCESS))


def test_read_response_has_the_reference_length_and_layout() -> None:
    """GIVEN a 256-byte text block and a 1024-byte photo WHEN framed as a 30 01 reply
    THEN the frame is 1295 bytes with LEN 05 08 and length words 01 00 / 04 00 (reference)."""
    text, photo = encode_text_block(_identity()), bytes(1024)
    frame = encode_response(SW3.SUCCESS, build_read_data(text, photo))
    assert len(frame) == 1295
    assert frame[5:7] == b"\x05\x08"
    assert frame[7:14] == b"\x00\x00\x90\x01\x00\x04\x00"
    payload = parse_read_data(parse_response(frame).data)
    assert (payload.text, payload.photo, payload.fingerprint) == (text, photo, b"")


def test_fingerprint_read_has_three_length_words() -> None:
    text = encode_text_block(_identity())
    for fp in (b"", bytes(512), bytes(1024)):
        data = build_read_data(text, bytes(1024), fp)
        assert data[:6] == b"\x01\x00\x04\x00" + len(fp).to_bytes(2, "big")
        assert parse_read_data(data, fingerprint=True).fingerprint == fp
    longest = encode_response(SW3.SUCCESS, build_read_data(text, bytes(1024), bytes(1024)))
    assert (longest[5] << 8 | longest[6]) <= MAX_LEN
    assert FrameParser().feed(longest)[0].data[:6] == b"\x01\x00\x04\x00\x04\x00"


@pytest.mark.parametrize(
    "data",
    [b"", b"\x01\x00", b"\x01\x00\x04\x00" + bytes(10), b"\x00\x10\x00\x00" + bytes(16)],
    ids=["empty", "short", "lengths-do-not-add-up", "text-not-256"],
)
def test_bad_read_payloads_raise_codec_error(data: bytes) -> None:
    with pytest.raises(CodecError):
        parse_read_data(data)


def test_response_repr_hides_data() -> None:
    assert "张" not in repr(Response(0, 0, 0x90, "张伟".encode("utf-16-le")))
    assert repr(Response(0, 0, 0x90, b"\x01\x02")) == "Response(sw3=90, 2 data bytes)"


def test_parse_response_rejects_anything_but_one_frame() -> None:
    good = encode_response(SW3.SUCCESS)
    for bad in (b"", good + good, b"\x00" + good, good[:-1], good[:-1] + b"\x00"):
        with pytest.raises(CodecError):
            parse_response(bad)
    with pytest.raises(CodecError):
        parse_command(build_command(Command.FIND)[:-1])


def test_unknown_command_and_status() -> None:
    frame = parse_command(bytes.fromhex("AA AA AA 96 69 00 03 77 01") + bytes([0x00 ^ 0x03 ^ 0x77 ^ 0x01]))
    assert frame.command is None
    assert Response(0, 0, 0x55).status is None


# ---- the incremental parser -------------------------------------------------------------------------
def test_parser_assembles_a_frame_fed_byte_by_byte() -> None:
    frame = encode_response(SW3.SUCCESS, build_read_data(encode_text_block(_identity()), bytes(1024)))
    parser = FrameParser()
    found: list[Response] = []
    for i in range(len(frame)):
        found += parser.feed(frame[i : i + 1])
    assert len(found) == 1 and len(found[0].data) == 1284
    assert parser.pending == 0 and parser.discarded_bytes == 0


def test_parser_skips_garbage_and_resynchronises() -> None:
    """GIVEN noise, a half preamble, an impossible LEN and a bad checksum before a good frame
    WHEN fed in one go THEN exactly the good frame comes out and the faults are counted."""
    good = encode_response(SW3.FIND_SUCCESS, bytes(4))
    bad_chk = bytearray(encode_response(SW3.SUCCESS, b"\x01"))
    bad_chk[-1] ^= 1
    stream = b"\x01\x02\xaa\xaa" + PREAMBLE + b"\xff\xff" + bytes(bad_chk) + b"\x33" + good + b"\xaa\xaa"
    parser = FrameParser()
    assert parser.feed(stream) == [Response(0, 0, 0x9F, bytes(4))]
    assert parser.length_errors == 1
    assert parser.checksum_errors == 1
    assert parser.pending == 2  # a possible start of the next preamble is kept
    assert parser.feed(b"\xaa\x96\x69" + good[5:]) == [Response(0, 0, 0x9F, bytes(4))]


def test_parser_rejects_lengths_too_small_or_too_large() -> None:
    parser = FrameParser()
    for length in (0, 1, 3, MAX_LEN + 1, 0xFFFF):
        assert parser.feed(PREAMBLE + length.to_bytes(2, "big") + bytes(8)) == []
    assert parser.length_errors == 5


def test_parser_returns_every_frame_in_a_chunk() -> None:
    frames = [encode_response(SW3.FIND_FAILED), encode_response(SW3.SUCCESS, bytes(8))]
    assert [r.sw3 for r in FrameParser().feed(b"".join(frames))] == [0x80, 0x90]


def test_flush_recovers_a_frame_hidden_behind_a_fake_long_frame() -> None:
    """GIVEN garbage announcing a plausible 2000-byte frame WHEN the real reply follows
    THEN feed waits (it cannot know), and flush at the deadline finds the real reply."""
    good = encode_response(SW3.FIND_FAILED)
    parser = FrameParser()
    assert parser.feed(PREAMBLE + (2000).to_bytes(2, "big") + b"\x00" + good) == []
    assert parser.flush() == [Response(0, 0, 0x80)]
    assert parser.pending == 0


def test_command_parser_counts_checksum_errors() -> None:
    bad = bytearray(build_command(Command.FIND))
    bad[-1] ^= 0xFF
    parser = CommandParser()
    assert parser.feed(bytes(bad)) == []
    assert parser.checksum_errors == 1
    assert [f.command for f in parser.feed(build_command(Command.READ))] == [Command.READ]
    parser.feed(PREAMBLE + b"\x00\x05\x20")
    assert parser.flush() == [] and parser.pending == 0


def test_clear_discards_pending_bytes() -> None:
    parser = FrameParser()
    parser.feed(encode_response(SW3.SUCCESS)[:6])
    assert parser.pending == 6
    parser.clear()
    assert parser.pending == 0 and parser.discarded_bytes == 6


# ---- the text block -----------------------------------------------------------------------------------
def test_resident_text_block_offsets_follow_the_reference() -> None:
    block = encode_text_block(_identity(long_term=True, valid_to=None))
    assert len(block) == 256
    assert block[0:4] == "张伟".encode("utf-16-le") and block[4:30] == " ".encode("utf-16-le") * 13
    assert block[30:32] == "1".encode("utf-16-le")
    assert block[32:36] == "01".encode("utf-16-le")
    assert block[36:52] == "19850312".encode("utf-16-le")
    assert block[122:158] == "110105198503120119".encode("utf-16-le")
    assert block[188:204] == "20150601".encode("utf-16-le")
    assert block[204:208] == "长期".encode("utf-16-le")
    assert card_type_of(block) is CardType.RESIDENT


def test_resident_round_trip() -> None:
    identity = _identity()
    decoded = decode_text_block(encode_text_block(identity), identity.photo)
    assert decoded.to_json_dict() == identity.to_json_dict()
    assert decoded.photo == identity.photo
    assert decoded.extra == {"nation_code": "01"}


def test_long_term_round_trip_gives_null_valid_to() -> None:
    decoded = decode_text_block(encode_text_block(_identity(valid_to=None, long_term=True)))
    assert decoded.long_term is True and decoded.valid_to is None
    assert decoded.to_json_dict()["valid_to"] is None


def test_foreign_permanent_round_trip_and_layout() -> None:
    identity = _identity(
        card_type=CardType.FOREIGN_PERMANENT,
        name="史密斯",
        nation="CAN",
        address="",
        id_number="CAN110081041701",
        issuing_authority="1500",
        birth_date=date(1981, 4, 17),
        extra={"english_name": "SMITH, JOHN", "nationality": "CAN", "version": "01"},
    )
    block = encode_text_block(identity)
    assert block[248:250] == "I".encode("utf-16-le")
    assert block[0:22] == "SMITH, JOHN".encode("utf-16-le")
    assert block[122:152].decode("utf-16-le").strip() == "CAN110081041701"
    assert block[152:158] == "CAN".encode("utf-16-le")
    assert block[158:164] == "史密斯".encode("utf-16-le")
    assert block[220:236] == "19810417".encode("utf-16-le")
    assert block[240:248] == "1500".encode("utf-16-le")
    decoded = decode_text_block(block)
    assert decoded.card_type is CardType.FOREIGN_PERMANENT
    assert (decoded.name, decoded.nation, decoded.id_number) == ("史密斯", "CAN", "CAN110081041701")
    assert decoded.extra["english_name"] == "SMITH, JOHN"
    assert decoded.birth_date == date(1981, 4, 17)


def test_hk_mo_tw_permit_round_trip_and_layout() -> None:
    identity = _identity(
        card_type=CardType.HK_MO_TW_PERMIT,
        nation="",
        id_number="810000199005050114",
        birth_date=date(1990, 5, 5),
        extra={"pass_number": "H12345678", "issue_count": "01"},
    )
    block = encode_text_block(identity)
    assert block[248:250] == "J".encode("utf-16-le")
    assert block[220:238] == "H12345678".encode("utf-16-le")
    assert block[238:242] == "01".encode("utf-16-le")
    decoded = decode_text_block(block)
    assert decoded.card_type is CardType.HK_MO_TW_PERMIT
    assert decoded.extra == {"pass_number": "H12345678", "issue_count": "01"}
    assert decoded.to_json_dict() == identity.to_json_dict()


def test_2023_foreigner_card_keeps_the_resident_places_and_its_english_name() -> None:
    """The "Y" card: Chinese name, sex, birth date, number and validity where a resident card has them,
    the English name's first 35 characters in the address field and the rest before the nationality."""
    from devices.idcard.samples import load_card

    block = load_card("foreign_permanent_2023_garcia").text_block()
    assert block[248:250].decode("utf-16-le") == "Y"
    assert block[0:6].decode("utf-16-le") == "嘉西娅"
    assert block[36:52].decode("utf-16-le") == "19880514"
    assert block[122:158].decode("utf-16-le") == "911724198805140029"
    assert block[52:122].decode("utf-16-le") == "GARCIA LOPEZ, MARIA DEL CARMEN ISAB"
    assert block[220:224].decode("utf-16-le") == "EL"
    assert block[242:248].decode("utf-16-le") == "ESP"
    identity = decode_text_block(block)
    assert identity.card_type is CardType.FOREIGN_PERMANENT_2023 and identity.nation == "ESP"
    assert identity.extra["english_name"] == "GARCIA LOPEZ, MARIA DEL CARMEN ISABEL"
    wrong = bytearray(block)
    wrong[122:124] = "1".encode("utf-16-le")  # the number must start with 9
    with pytest.raises(InvalidCardData):
        decode_text_block(bytes(wrong))


def test_a_y_flag_on_a_resident_block_is_refused() -> None:
    block = bytearray(encode_text_block(_identity()))
    block[248:250] = "Y".encode("utf-16-le")
    with pytest.raises(InvalidCardData, match=r"starts with 9|check digit"):
        decode_text_block(bytes(block))


def test_rare_bmp_character_survives_and_non_bmp_becomes_private_use() -> None:
    """䶮 (U+4DAE) fits UCS-2 and comes back as it is; 𠮷 (U+20BB7) cannot, so the card carries a
    Private Use Area code point and the driver flags the field."""
    assert decode_text_block(encode_text_block(_identity(name="王䶮"))).name == "王䶮"
    decoded = decode_text_block(encode_text_block(_identity(name="周𠮷")))
    assert decoded.name == "周" + private_use_substitute("𠮷")
    assert 0xE000 <= ord(decoded.name[1]) <= 0xF8FF
    assert decoded.extra["private_use_fields"] == ["name"]


def test_35_character_address_fits_and_36_does_not() -> None:
    address = "新" * 35
    assert decode_text_block(encode_text_block(_identity(address=address))).address == address
    with pytest.raises(InvalidCardData, match="address"):
        encode_text_block(_identity(address=address + "疆"))


@pytest.mark.parametrize(
    ("offset", "text", "match"),
    [
        (30, "7", "sex"),
        (32, "77", "nation"),
        (36, "19851399", "birth date"),
        (188, "2015060X", "valid from"),
        (204, "20100101", "ends before"),
        (122, "110105198503120118", "check digit"),
        (122, "110105198503130114", "birth date differs"),
        (122, "110105198503120127", "sex digit"),
        (0, "               ", "no name"),
    ],
)
def test_invalid_text_blocks_raise_invalid_card_data(offset: int, text: str, match: str) -> None:
    block = bytearray(encode_text_block(_identity()))
    raw = text.encode("utf-16-le")
    block[offset : offset + len(raw)] = raw
    with pytest.raises(InvalidCardData, match=match):
        decode_text_block(bytes(block))


def test_validate_false_skips_id_checks_but_not_structure() -> None:
    block = bytearray(encode_text_block(_identity()))
    block[122:158] = "110105198503120118".encode("utf-16-le")
    assert decode_text_block(bytes(block), validate=False).id_number == "110105198503120118"
    with pytest.raises(InvalidCardData):
        decode_text_block(bytes(block[:255]))


def test_identity_repr_hides_personal_data() -> None:
    identity = _identity()
    for text in (repr(identity), str(identity), repr([identity])):
        assert "张伟" not in text and "110105" not in text and "北京" not in text
        assert "resident" in text


def test_foreign_card_with_bad_number_is_invalid() -> None:
    identity = _identity(card_type=CardType.FOREIGN_PERMANENT, nation="CAN", id_number="CAN-1", address="")
    with pytest.raises(InvalidCardData):
        decode_text_block(encode_text_block(identity))


def test_sam_id_formatting() -> None:
    data = (5).to_bytes(2, "little") + (1).to_bytes(2, "little") + (20101111).to_bytes(4, "little")
    data += (1234567).to_bytes(4, "little") + (1234567890).to_bytes(4, "little")
    assert format_sam_id(data) == "05.01-20101111-0001234567-1234567890"
    assert format_sam_id(b"\x01\x02") == "0102"


def test_invalid_id_number_is_an_invalid_card_data() -> None:
    assert issubclass(InvalidIdNumber, InvalidCardData)
