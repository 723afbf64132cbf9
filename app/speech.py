"""The kiosk's voice: a SpeechPort over espeak-ng, on a worker thread of its own.

Why espeak-ng directly rather than QtTextToSpeech over speech-dispatcher: one Debian package
(``espeak-ng``, installed by ``make``), no daemon to keep alive on a locked-down kiosk, voices for
Mandarin (``cmn``) and English offline, and a process we can kill the instant the next screen
appears. Each utterance is one ``espeak-ng`` process that plays to the default audio device.

Threads: :meth:`EspeakSpeech.say` and :meth:`~EspeakSpeech.stop` only touch a queue and an event,
so the GUI thread never waits; the worker runs the processes, polls them with a deadline (every
wait has a timeout) and kills the current one when ``stop`` is called or its time is up.
"""

from __future__ import annotations

import logging
import queue
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("app.speech")

VOICES = {"zh_CN": "cmn", "en": "en-gb"}  # espeak-ng voice per kiosk language
BASE_WPM = 165  # espeak-ng's words per minute at rate 1.0 (its default is 175: a little calmer)
MAX_AMPLITUDE = 160  # espeak-ng -a at volume 100 (its default is 100; 200 distorts)
SECONDS_PER_CHAR = 0.4  # an utterance that takes longer than this (plus START_SECONDS) is cut
START_SECONDS = 5.0
POLL = 0.02


def espeak_binary() -> str | None:
    return shutil.which("espeak-ng")


def espeak_args(binary: str, text: str, language: str, rate: float, volume: int) -> list[str]:
    wpm = max(80, min(400, round(BASE_WPM * rate)))
    amplitude = max(0, min(MAX_AMPLITUDE, volume * MAX_AMPLITUDE // 100))
    voice = VOICES.get(language, VOICES["en"])
    return [binary, "-v", voice, "-s", str(wpm), "-a", str(amplitude), "--", text]


def synthesize_wav(text: str, language: str, path: Path, *, rate: float = 1.0, volume: int = 60,
                   timeout: float = 30.0) -> Path:
    """Write ``text`` as a WAV file (tests, and checking the voices on a new kiosk)."""
    binary = espeak_binary()
    if binary is None:
        raise FileNotFoundError("espeak-ng is not installed (make installs it)")
    args = espeak_args(binary, text, language, rate, volume)
    args[1:1] = ["-w", str(path)]
    subprocess.run(args, check=True, timeout=timeout, capture_output=True)
    return path


@dataclass(frozen=True)
class _Say:
    text: str
    language: str
    rate: float
    volume: int
    generation: int


class EspeakSpeech:
    """SpeechPort: queue utterances for espeak-ng; ``stop`` kills the one playing and drops the rest."""

    def __init__(self, binary: str | None = None) -> None:
        self.binary = binary or espeak_binary()
        self.volume = 60
        self._queue: queue.Queue[_Say | None] = queue.Queue()
        self._generation = 0  # raised by stop(): anything queued before it is dropped
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.spoken = 0  # utterances played to the end (for checks)

    @property
    def available(self) -> bool:
        return self.binary is not None

    def start(self) -> None:
        if self._thread is None and self.available:
            self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
            self._thread.start()

    def close(self, timeout: float = 2.0) -> None:
        self.stop()
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    # ---- SpeechPort (any thread; never blocks) -----------------------------------------------
    def say(self, text: str, language: str, rate: float = 1.0) -> None:
        if not self.available or not text:
            return
        self.start()
        with self._lock:
            generation = self._generation
        self._queue.put(_Say(text, language, rate, self.volume, generation))

    def stop(self) -> None:
        with self._lock:
            self._generation += 1

    # ---- the worker -------------------------------------------------------------------------------
    def _current(self, item: _Say) -> bool:
        with self._lock:
            return item.generation == self._generation

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if self._current(item):
                self._play(item)

    def _play(self, item: _Say) -> None:
        assert self.binary is not None
        args = espeak_args(self.binary, item.text, item.language, item.rate, item.volume)
        deadline = time.monotonic() + START_SECONDS + SECONDS_PER_CHAR * len(item.text) / max(item.rate, 0.1)
        try:
            proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except OSError as exc:
            log.error("cannot start espeak-ng: %s", exc)
            return
        while proc.poll() is None:
            if not self._current(item) or time.monotonic() > deadline:
                if self._current(item):
                    log.warning("utterance cut after its time limit (%d characters)", len(item.text))
                proc.kill()
                break
            time.sleep(POLL)
        try:
            _, err = proc.communicate(timeout=2.0)
        except subprocess.TimeoutExpired:
            proc.kill()
            return
        if proc.returncode == 0:
            self.spoken += 1
        elif proc.returncode > 0:
            log.warning("espeak-ng exited %d: %s", proc.returncode, err.decode(errors="replace").strip()[:200])


class NoSpeech:
    """SpeechPort where no engine is installed: says nothing (logged once at start-up)."""

    volume = 0

    def say(self, text: str, language: str, rate: float = 1.0) -> None:
        del text, language, rate

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


def make_speech() -> EspeakSpeech | NoSpeech:
    engine = EspeakSpeech()
    if not engine.available:
        log.warning("espeak-ng not found: no voice guidance (make installs it)")
        return NoSpeech()
    return engine
