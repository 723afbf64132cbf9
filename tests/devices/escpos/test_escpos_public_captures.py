"""ESC/POS streams from other people's drivers and bug reports, through the simulator's parser.

Each stream is rebuilt byte for byte from what the public source shows (a hex dump, or the exact
bytes a script writes); the comment names where it came from. No personal data in any of them.
"""

from __future__ import annotations

import pytest

from devices.escpos import parser as p

CAPTURES = [
    pytest.param(
        # mike42/escpos-php issue #350 "How do I decode the escpos binary correctly": hexdump of
        # `$printer->text("EN ESPAÑOL\n")` (the Printer constructor sends ESC @); Ñ = A5 in CP437.
        bytes.fromhex("1b 40 45 4e 20 45 53 50 41 a5 4f 4c 0a"),
        False, "EN ESPAÑOL", 1, id="escpos-php-350-espanol",
    ),
    pytest.param(
        # python-escpos issue #269 (Xprinter 58IIQ): `p.textln('中文'.encode('gbk'))` sends raw GBK,
        # D6 D0 CE C4, with no FS &: a Chinese printer in its power-up Chinese mode prints 中文.
        bytes.fromhex("d6 d0 ce c4 0a"),
        True, "中文", 1, id="python-escpos-269-gbk",
    ),
    pytest.param(
        # python-escpos issue #358 (MunByn ITPP047): `_raw(b'\x1b\x74\x0e')` then
        # text('bär, total: 3€\n') encoded as cp858 (ä = 84, € = D5). Table numbers are vendor
        # specific (escpos.md), so only the ASCII and the line feed are asserted here.
        b"\x1b\x74\x0e" + "bär, total: 3€\n".encode("cp858"),
        False, None, 1, id="python-escpos-358-cp858",
    ),
    pytest.param(
        # ferchuse/zitlalli test_pos.php (the escpos-php "example receipt" script): reset, bold
        # company line, blank line, text, four blank lines, centred number, GS V A 3 cut, then the
        # script's own trailing "******************" and control bytes 01-05.
        b"\x1b@\x1bE\x01FOO CORP Ltd.\n\x1bE\x00\x1bd\x01Receipt for whatever\n\x1bd\x04"
        b"\x1ba\x01\x1bd\x01987654321\n\x1dVA\x03******************\x01\x02\x03\x04\x05",
        False, "FOO CORP Ltd.Receipt for whatever987654321******************", 3, id="zitlalli-test-pos",
    ),
]


@pytest.mark.parametrize(("stream", "chinese", "text", "line_feeds"), CAPTURES)
def test_public_streams_parse_as_their_printers_print_them(
    stream: bytes, chinese: bool, text: str | None, line_feeds: int
) -> None:
    elements = p.parse(stream, chinese=chinese)
    printed = "".join(e.text for e in elements if isinstance(e, p.Text))
    if text is not None:
        assert printed == text
    else:
        assert printed.startswith("b") and ", total: 3" in printed and len(printed) == 14
    assert sum(isinstance(e, p.LineFeed) for e in elements) == line_feeds
    assert not any(isinstance(e, p.Unknown) for e in elements)
    for cut in range(len(stream) + 1):  # fed in two reads at every point: the same printout
        parser = p.EscPosParser(chinese=chinese)
        split = parser.feed(stream[:cut]) + parser.feed(stream[cut:])
        assert p.merge_text(split) == p.merge_text(elements)


def test_the_example_receipt_cuts_after_feeding() -> None:
    stream = CAPTURES[3].values[0]
    assert isinstance(stream, bytes)
    elements = p.parse(stream)
    assert p.Cut(partial=False, feed_dots=3) in elements
