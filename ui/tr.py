"""Turn the flow's texts (message keys with arguments, or plain data) into translated strings."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QTranslator

from kiosk.flow.views import Text
from ui.i18n import QM_FILE
from ui.texts import SOURCE

log = logging.getLogger("ui.i18n")

#: Keys asked for that have no text (tests assert this stays empty); people see a generic sentence.
MISSING: set[str] = set()


def tr(text: Text) -> str:
    """The text in the language in use (the installed translator)."""
    return _translate(text, lambda source: QCoreApplication.translate("kiosk", source))


def tr_in(text: Text, language: str) -> str:
    """The text in ``language`` whatever the language in use (a screen shown in both)."""
    if language != "zh_CN":
        return _translate(text, lambda source: source)
    zh = _zh_translator()
    return _translate(text, lambda source: zh.translate("kiosk", source) or source)


_ZH: QTranslator | None = None


def _zh_translator() -> QTranslator:
    global _ZH
    if _ZH is None:
        _ZH = QTranslator()
        if not _ZH.load(str(QM_FILE)):
            log.error("cannot load %s: showing English", QM_FILE)
    return _ZH


def _translate(text: Text, lookup: Callable[[str], str]) -> str:
    if isinstance(text, str):
        return text
    source = SOURCE.get(text.key)
    if source is None:
        if text.key not in MISSING:
            log.error("no on-screen text for message key %r", text.key)
        MISSING.add(text.key)
        source = SOURCE["error.generic"]
    out = lookup(source)
    if text.args:
        try:
            out = out.format(**{k: _translate(v, lookup) for k, v in text.args})
        except (KeyError, IndexError, ValueError):
            log.error("bad arguments for message key %r", text.key)
    return out


class Translations:
    """The application's one zh_CN translator (English is the source language, so it needs none).

    Shared by every window of the process: installing a second translator would leave the first
    one answering after a language switch.
    """

    _translator: QTranslator | None = None
    language = "en"

    def use(self, language: str) -> None:
        cls = type(self)
        if language == cls.language and (language != "zh_CN" or cls._translator is not None):
            return
        app = QCoreApplication.instance()
        if cls._translator is not None and app is not None:
            app.removeTranslator(cls._translator)
        cls._translator = None
        if language == "zh_CN":
            translator = QTranslator()
            if not translator.load(str(QM_FILE)):
                log.error("cannot load %s: showing English", QM_FILE)
            elif app is not None:
                app.installTranslator(translator)
                cls._translator = translator
        cls.language = language
