"""The real voice: espeak-ng synthesises Mandarin and English; the engine never blocks and stops at once.

The synthesis test is skipped only where espeak-ng is not installed (``make`` installs it). The
interruption test runs a stand-in binary (a shell script that sleeps) so it needs no audio device.
"""

from __future__ import annotations

import os
import time
import wave
from pathlib import Path

import pytest

from app.speech import EspeakSpeech, espeak_args, espeak_binary, synthesize_wav

needs_espeak = pytest.mark.skipif(espeak_binary() is None, reason="espeak-ng is not installed (make installs it)")


def seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


@needs_espeak
@pytest.mark.parametrize(
    ("language", "text", "low", "high"),
    [
        ("zh_CN", "请取走您的身份证和凭条", 1.5, 8.0),  # 11 syllables
        ("en", "Please take your ID card and your slip", 1.2, 6.0),
    ],
)
def test_espeak_synthesises_mandarin_and_english(tmp_path: Path, language: str, text: str, low: float,
                                                  high: float) -> None:
    wav = synthesize_wav(text, language, tmp_path / f"{language}.wav")
    assert low < seconds(wav) < high
    slow = synthesize_wav(text, language, tmp_path / f"{language}-slow.wav", rate=0.75)
    assert seconds(slow) > seconds(wav) * 1.15  # the 65+ offer's slower speech is slower


def test_the_voice_and_volume_reach_the_engine() -> None:
    args = espeak_args("espeak-ng", "你好", "zh_CN", 0.75, 60)
    assert args[:2] == ["espeak-ng", "-v"] and args[2] == "cmn"
    assert args[args.index("-s") + 1] == str(round(165 * 0.75))
    assert args[args.index("-a") + 1] == "96"
    assert espeak_args("espeak-ng", "hi", "en", 1.0, 0)[2].startswith("en")


def test_say_never_blocks_and_stop_cuts_the_utterance(tmp_path: Path) -> None:
    """GIVEN an engine whose every utterance would take 30 s WHEN the next screen stops it THEN say
    returned at once, and the process playing is gone within a second; the queue is dropped too."""
    pids = tmp_path / "pids"
    fake = tmp_path / "fake-espeak"
    fake.write_text(f"#!/bin/sh\necho $$ >> {pids}\nexec sleep 30\n")
    fake.chmod(0o755)
    engine = EspeakSpeech(binary=str(fake))
    try:
        t0 = time.monotonic()
        engine.say("第一句", "zh_CN")
        engine.say("第二句", "zh_CN")
        assert time.monotonic() - t0 < 0.2
        deadline = time.monotonic() + 5
        while not (pids.exists() and pids.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.02)
        pid = int(pids.read_text().split()[0])
        engine.stop()
        gone = time.monotonic() + 2
        while _alive(pid) and time.monotonic() < gone:
            time.sleep(0.02)
        assert not _alive(pid), "the utterance was not interrupted"
        time.sleep(0.3)
        assert len(pids.read_text().split()) == 1, "the queued utterance was dropped by stop()"
    finally:
        engine.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a killed child stays a zombie until reaped; the engine reaps it (communicate)
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False
