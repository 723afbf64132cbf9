"""Add on-screen texts in both languages at once, from a tab-separated file.

    python -m ui.i18n.add FILE.tsv      # lines: message key <TAB> English <TAB> Chinese

Each key gets its English source text in ui/texts.py (SOURCE, marked for Qt Linguist); then the
catalogue is re-extracted, the Chinese of each new string is filled in, and the .qm compiled.
A key that exists already keeps its text (change those in ui/texts.py and with Qt Linguist).
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from ui.i18n import HERE, TS_FILE
from ui.i18n.build import lrelease, lupdate

TEXTS = HERE.parent / "texts.py"
END_OF_SOURCE = "}\n# fmt: on"


def read_rows(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not re.fullmatch(r"[a-z0-9_.]+", parts[0]):
            raise SystemExit(f"{path}:{n}: expected 'key<TAB>English<TAB>Chinese'")
        rows.append((parts[0], parts[1], parts[2]))
    return rows


def add_sources(rows: list[tuple[str, str, str]], texts: Path = TEXTS) -> list[tuple[str, str, str]]:
    """Append the keys not yet in SOURCE; returns the rows added."""
    code = texts.read_text(encoding="utf-8")
    known = set(re.findall(r'^    "([a-z0-9_.]+)":', code, re.M))
    new = [r for r in rows if r[0] not in known]
    if not new:
        return []
    lines = "".join(
        f'    "{key}": QT_TRANSLATE_NOOP("kiosk", {_quote(en)}),\n' for key, en, _zh in new
    )
    if END_OF_SOURCE not in code:
        raise SystemExit(f"cannot find the end of SOURCE in {texts}")
    texts.write_text(code.replace(END_OF_SOURCE, lines + END_OF_SOURCE, 1), encoding="utf-8")
    return new


def fill_translations(rows: list[tuple[str, str, str]], ts_file: Path = TS_FILE) -> int:
    """Give each unfinished message whose English is in ``rows`` its Chinese."""
    zh = {en: chinese for _key, en, chinese in rows}
    tree = ET.parse(ts_file)
    filled = 0
    for message in tree.getroot().iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        if source in zh and translation is not None and translation.get("type") == "unfinished":
            translation.text = zh[source]
            del translation.attrib["type"]
            filled += 1
    ET.indent(tree, space="    ")
    tree.write(ts_file, encoding="utf-8", xml_declaration=True)
    return filled


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        raise SystemExit(__doc__)
    rows = read_rows(Path(argv[0]))
    added = add_sources(rows)
    lupdate()
    filled = fill_translations(rows)
    lrelease()
    print(f"{len(added)} key(s) added, {filled} translation(s) filled")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
