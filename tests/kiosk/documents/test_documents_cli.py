"""``kiosk calc rmb``, ``kiosk slip render`` and ``kiosk verify`` end to end on a real database."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import kiosk.cli.main  # noqa: F401  (registers the commands)
from kiosk.cli.groups import cli
from tests.kiosk.documents.conftest import ID_NUMBER


def write_config(tmp_path: Path) -> Path:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    return cfg


def run(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(cli, list(args))
    return res.exit_code, res.output


@pytest.mark.parametrize(
    ("amount", "out"), [("1409.50", "壹仟肆佰零玖元伍角整"), ("100304", "壹拾万零叁佰零肆元整")]
)
def test_calc_rmb(amount: str, out: str) -> None:
    assert run("calc", "rmb", amount) == (0, out + "\n")


def test_calc_rmb_bad_amount() -> None:
    code, output = run("calc", "rmb", "1.234")
    assert code == 2 and "two decimal places" in output


def test_render_certificate_then_verify(factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a taxpayer with payments WHEN a certificate PDF is rendered by the CLI THEN verify accepts
    it, its code verifies, and a tampered copy is rejected."""
    cfg = str(write_config(tmp_path))
    out = tmp_path / "cert.pdf"
    code, output = run(
        "--config",
        cfg,
        "slip",
        "render",
        "certificate",
        "--taxpayer",
        ID_NUMBER,
        "--from",
        "2026-01",
        "--to",
        "2026-12",
        "--out",
        str(out),
    )
    assert code == 0, output
    assert out.read_bytes().startswith(b"%PDF")
    code, output = run("--config", cfg, "verify", "--pdf", str(out))
    assert code == 0 and output.startswith("GENUINE: 税收完税证明"), output
    from receipts.pdf import read_attachment

    payload = read_attachment(out.read_bytes())
    assert payload is not None
    code, output = run("--config", cfg, "verify", payload["code"])
    assert code == 0 and "壹万陆仟肆佰零玖元零贰分" in output
    # tamper: change a character of the visible amount in an uncompressed copy of the page stream
    tampered = tmp_path / "tampered.pdf"
    from tests.kiosk.documents.test_documents_issuer import _swap_attachment

    payload["content"]["fields"][1][3] = "李四"
    tampered.write_bytes(_swap_attachment(out.read_bytes(), payload))
    code, output = run("--config", cfg, "verify", "--pdf", str(tampered))
    assert code == 1 and "NOT GENUINE" in output
    # tamper the page itself: the first payment's amount edited in the content stream
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(out))
    page = writer.pages[0]
    stream = page.get_contents()
    assert stream is not None and b"1,409.50" in stream.get_data()
    stream.set_data(stream.get_data().replace(b"1,409.50", b"7,409.50", 1))
    page.replace_contents(stream)
    buf = io.BytesIO()
    writer.write(buf)
    tampered.write_bytes(buf.getvalue())
    code, output = run("--config", cfg, "verify", "--pdf", str(tampered))
    assert code == 1 and "printed text differs" in output
    code, output = run("--config", cfg, "verify", "ZZZZ-ZZZZ-ZZZZ-ZZZZ")
    assert code == 1 and "unknown code" in output


@pytest.mark.parametrize("fmt", ["txt", "escpos"])
def test_render_other_formats(factory, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    cfg = str(write_config(tmp_path))
    out = tmp_path / f"rec.{fmt}"
    code, output = run(
        "--config",
        cfg,
        "slip",
        "render",
        "iit-record",
        "--taxpayer",
        ID_NUMBER,
        "--from",
        "2026-01",
        "--to",
        "2026-06",
        "--format",
        fmt,
        "--width",
        "58",
        "--out",
        str(out),
    )
    assert code == 0, output
    data = out.read_bytes()
    if fmt == "txt":
        assert "个人所得税纳税记录" in data.decode() and "演示" in data.decode()
    else:
        assert data.startswith(b"\x1b@")


def test_render_unknown_taxpayer(factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cfg = str(write_config(tmp_path))
    code, output = run(
        "--config",
        cfg,
        "slip",
        "render",
        "certificate",
        "--taxpayer",
        "110105199001019998",  # valid, but nobody with it is registered
        "--out",
        str(tmp_path / "x.pdf"),
    )
    assert code == 1 and "no taxpayer" in output


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdf_rasterises(factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cfg = str(write_config(tmp_path))
    out = tmp_path / "cert.pdf"
    assert (
        run(
            "--config",
            cfg,
            "slip",
            "render",
            "certificate",
            "--taxpayer",
            ID_NUMBER,
            "--from",
            "2026-01",
            "--to",
            "2026-12",
            "--out",
            str(out),
        )[0]
        == 0
    )
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(out), str(tmp_path / "page")], check=True, timeout=30)
    assert (tmp_path / "page-1.png").stat().st_size > 5000


def test_render_from_the_command_line_is_audited(factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a test slip issued by `kiosk slip render` WHEN the audit log is checked THEN it holds the
    document's entry, written in the same transaction, and the chain verifies."""
    cfg = str(write_config(tmp_path))
    code, output = run("--config", cfg, "slip", "render", "test-slip", "--out", str(tmp_path / "t.txt"))
    assert code == 0, output
    number = output.split()[0]
    code, output = run("--config", cfg, "audit", "verify")
    assert code == 0 and "intact: 1 entries" in output, output
    code, output = run("--config", cfg, "audit", "show")
    assert "document.issued" in output and number in output


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        (ID_NUMBER[:17] + "9", "check digit"),
        (ID_NUMBER[:16], "18 characters"),
        ("11010519901301123" + "X", "birth date"),
    ],
    ids=["check-digit", "length", "birth-date"],
)
def test_a_bad_id_number_says_why_and_exits_2(factory, tmp_path: Path, given: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    cfg = str(write_config(tmp_path))
    res = CliRunner().invoke(cli, ["--config", cfg, "slip", "render", "certificate", "--taxpayer", given,
                                   "--out", str(tmp_path / "c.txt")])
    assert res.exit_code == 2, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and reason in lines[0], res.output


def test_id_number_is_normalised_like_the_kiosk_does(factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Full-width digits and inner spaces are accepted, as the kiosk's own validation accepts them."""
    full_width = ID_NUMBER[:6].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    given = f"{full_width} {ID_NUMBER[6:14]} {ID_NUMBER[14:]}"
    cfg = str(write_config(tmp_path))
    code, output = run("--config", cfg, "slip", "render", "certificate", "--taxpayer", given,
                       "--from", "2026-01", "--to", "2026-12", "--out", str(tmp_path / "c.txt"))
    assert code == 0, output
