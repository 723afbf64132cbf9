"""Real bytes from public clients of these SAM readers, run through the codec and the simulator.

Each frame is kept as the client wrote it (hex), with where it came from. No real person's data: the
read frame wraps a fictional sample's text block in the header the clients document, and the 2023
card's fields are the immigration administration's own specimen ("证件样本", not a person).

Sources (public GitHub code, read through the code index; repository named where the index named it):
* HEV  - hevz/hev-idcard-reader, src/hev-dbus-object-idcard-reader.c (C, GLib): the commands it sends,
         including "set max RF byte" 61 FF 50 after SAM status; it reads 7 bytes, then LEN more.
* YNS  - com.YinanSoft.CardReaders.SerialReader (Android, Java; repository not named by the index,
         code-index id 253309482): its expected replies, compared as whole hex strings - a select
         reply must be exactly 8 zero bytes or the client stalls.
* PYC  - a Python 2 pyserial client (code-index id 39141905346): SAM status must answer
         aaaaaa9669000400009094 exactly.
* USB  - a libusb test program for a bulk-endpoint reader (code-index id 45268772277): it sends find
         with the checksum byte 21 instead of 22 - a real client bug a reader rejects.
* DEMO - the IDCardDemo Android notes (code-index ids 44320162297, 19912098624): the read reply
         starts AAAAAA9669050800009001000400 (LEN 0x0508, text 0x0100, photo 0x0400).
* NIA  - the National Immigration Administration's 2023 adaptation notes, as quoted in public code
         (code-index ids 71068869758, 30550964795): specimen numbers 932682198501010017,
         911124198108030024, 931586198001010028 and the specimen's English name as a reader SDK
         returns it, "ZHENGJIAN, YANGBEN ZHENG JIAN YANG".
"""

from __future__ import annotations

from pathlib import Path

import pytest
import serial

from devices.idcard.codec import (
    SW3,
    Command,
    CommandParser,
    FrameParser,
    Response,
    build_command,
    build_read_data,
    checksum,
    decode_text_block,
    encode_text_block,
    parse_command,
    parse_read_data,
    parse_response,
)
from devices.idcard.identity import CardType, Identity, Sex, validate_foreign_2023_number
from devices.idcard.samples import load_card
from devices.idcard.simulator import IdCardSimulator

COMMANDS = [  # (source, hex as the client writes it, the command)
    ("HEV", "AA AA AA 96 69 00 03 11 FF ED", Command.STATUS),
    ("HEV", "AA AA AA 96 69 00 03 20 01 22", Command.FIND),
    ("HEV", "AA AA AA 96 69 00 03 20 02 21", Command.SELECT),
    ("HEV", "AA AA AA 96 69 00 03 30 01 32", Command.READ),
    ("YNS", "AAAAAA9669000312FFEE", Command.SAM_ID),
    ("YNS", "AAAAAA96690003300330", Command.READ_ADDRESS),
    ("YNS", "AAAAAA96690003301023", Command.READ_FINGERPRINT),
]

REPLIES = [  # (source, hex, SW3, data length)
    ("YNS", "AAAAAA9669000400008084", SW3.FIND_FAILED, 0),
    ("YNS", "AAAAAA9669000800009F0000000097", SW3.FIND_SUCCESS, 4),
    ("YNS", "AAAAAA9669000400004145", SW3.READ_FAILED, 0),
    ("YNS", "AAAAAA9669000400008185", SW3.SELECT_FAILED, 0),
    ("YNS", "AAAAAA9669000C00009000000000000000009C", SW3.SUCCESS, 8),
    ("PYC", "aaaaaa9669000400009094", SW3.SUCCESS, 0),
]


@pytest.mark.parametrize(("source", "text", "command"), COMMANDS, ids=[f"{c[0]}-{c[2].name}" for c in COMMANDS])
def test_client_commands_parse_and_rebuild_byte_for_byte(source: str, text: str, command: Command) -> None:
    frame = bytes.fromhex(text)
    parsed = parse_command(frame)
    assert parsed.command is command
    assert build_command(command) == frame


def test_set_max_rf_byte_from_hev() -> None:
    frame = bytes.fromhex("AA AA AA 96 69 00 04 61 FF 50 CA")
    parsed = parse_command(frame)
    assert parsed.command is Command.SET_MAX_RF and parsed.data == b"\x50"
    assert build_command(Command.SET_MAX_RF, b"\x50") == frame


@pytest.mark.parametrize(("source", "text", "sw3", "size"), REPLIES, ids=[f"{r[0]}-{r[2].name}" for r in REPLIES])
def test_client_replies_parse(source: str, text: str, sw3: SW3, size: int) -> None:
    frame = bytes.fromhex(text)
    resp = parse_response(frame)
    assert resp.sw3 == sw3 and len(resp.data) == size and resp.sw1 == resp.sw2 == 0
    # HEV's framing: 7 bytes of header, then LEN more bytes, the checksum last
    assert len(frame) == 7 + int.from_bytes(frame[5:7], "big")
    assert checksum(frame[5:-1]) == frame[-1]


def test_the_usb_clients_bad_checksum_is_rejected_and_counted() -> None:
    parser = CommandParser()
    assert parser.feed(bytes.fromhex("aa aa aa 96 69 00 03 20 01 21")) == []
    assert parser.checksum_errors == 1


def test_all_client_replies_in_one_stream_split_anywhere() -> None:
    stream = b"".join(bytes.fromhex(r[1]) for r in REPLIES)
    whole = FrameParser().feed(stream)
    assert [r.sw3 for r in whole] == [r[2] for r in REPLIES]
    for cut in range(1, len(stream)):
        parser = FrameParser()
        assert parser.feed(stream[:cut]) + parser.feed(stream[cut:]) == whole


def test_read_reply_with_the_documented_header() -> None:
    """DEMO: the header clients document, around a fictional sample's text block."""
    card = load_card("resident_zhang_wei")
    data = build_read_data(card.text_block(), card.photo())
    body = bytes.fromhex("0508 000090") + data
    frame = bytes.fromhex("AAAAAA9669") + body + bytes([checksum(body)])
    assert frame.hex().upper().startswith("AAAAAA9669050800009001000400")
    assert len(frame) == 1295
    resp = parse_response(frame)
    payload = parse_read_data(resp.data)
    assert decode_text_block(payload.text).name == "张伟"
    assert payload.photo[:4] == bytes.fromhex("574C6600")  # the WLT header


@pytest.mark.parametrize("number", ["932682198501010017", "911124198108030024", "931586198001010028"])
def test_the_immigration_administrations_specimen_numbers_are_valid(number: str) -> None:
    assert validate_foreign_2023_number(number) == number


def test_the_2023_specimen_card_decodes_with_its_english_name() -> None:
    """NIA: the specimen's fields (a reader SDK's output) written into a Y block and read back."""
    from datetime import date

    specimen = Identity(
        card_type=CardType.FOREIGN_PERMANENT_2023, name="证件样本证件样本证件样本证件样", sex=Sex.FEMALE,
        nation="PAK", birth_date=date(1980, 1, 1), address="", id_number="931586198001010028",
        issuing_authority="", valid_from=date(2023, 8, 8), valid_to=date(2033, 8, 7),
        extra={"english_name": "ZHENGJIAN, YANGBEN ZHENG JIAN YANG"},
    )
    decoded = decode_text_block(encode_text_block(specimen))
    assert decoded.card_type is CardType.FOREIGN_PERMANENT_2023
    assert decoded.extra["english_name"] == "ZHENGJIAN, YANGBEN ZHENG JIAN YANG"
    assert decoded.id_number == "931586198001010028" and decoded.nation == "PAK"


@pytest.mark.pty
def test_the_simulator_answers_as_the_public_clients_expect(tmp_path: Path) -> None:
    """YNS compares whole replies; PYC compares the status reply; HEV sends 61 FF 50 and wants 90."""
    expected = {text.lower() for _src, text, _sw, _n in REPLIES}
    with IdCardSimulator(tmp_path / "idc", card="resident_li_na") as sim, \
            serial.serial_for_url(sim.port, baudrate=115200, timeout=0.2) as port:
        for command, data in ((Command.STATUS, b""), (Command.FIND, b""), (Command.SELECT, b""),
                              (Command.SET_MAX_RF, b"\x50")):
            port.write(build_command(command, data))
            head = port.read(7)
            reply = head + port.read(int.from_bytes(head[5:7], "big"))
            if command is not Command.SET_MAX_RF:
                assert reply.hex() in expected, (command, reply.hex())
            assert parse_response(reply) == Response(0, 0, SW3.SUCCESS if command is not Command.FIND
                                                     else SW3.FIND_SUCCESS, parse_response(reply).data)
