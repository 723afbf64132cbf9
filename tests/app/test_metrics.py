"""The kiosk's Prometheus metrics, scraped over HTTP and parsed with prometheus_client's own parser."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.metrics import KioskMetrics
from app.wiring import build_backend
from devices.idcard.samples import load_card
from devices.printjob import JobState
from kiosk.config import KioskConfig, MetricsConfig


def _scrape(address: tuple[str, int]) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    with urllib.request.urlopen(f"http://{address[0]}:{address[1]}/metrics", timeout=5) as resp:
        assert resp.status == 200
        body = resp.read().decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(body) for s in family.samples}


def test_metrics_are_served_on_the_configured_port_and_follow_the_kiosk(kiosk_config: KioskConfig) -> None:
    """GIVEN a kiosk with metrics on a loopback port, a session that printed a certificate, the
    printer going out of paper and an error logged WHEN Prometheus scrapes THEN the sessions, print
    jobs, device states, paper, errors and start-up time are there, named by the conventions."""
    config = dataclasses.replace(kiosk_config, metrics=MetricsConfig(listen="127.0.0.1:0"))
    services, dlog = build_backend(config, seed_demo_data=True)
    metrics = KioskMetrics(config, services.session_factory)  # type: ignore[attr-defined]
    address = metrics.serve()
    assert address is not None and address[1] > 0
    try:
        card = load_card("resident_zhang_wei")
        services.start_session_from_card(card.id_number, card.name, "resident")
        records = services.list_records(dt.date(2020, 1, 1), dt.date.today())
        doc = services.issue_certificate([r.record_id for r in records[:3]])
        job = services.begin_print(doc.number)
        services.finish_print(job, JobState.PRINTED, len(doc.escpos_parts))
        services.end_session("done")
        metrics.device("printer", "online")
        metrics.device("printer", "paper_out", "paper_out")
        metrics.started(2.5)
        metrics.set_idle(True)
        logging.getLogger("kiosk.db").error("test: the database went away")

        got = _scrape(address)
        assert got[("kiosk_sessions_total", (("outcome", "done"),))] == 1
        assert got[("kiosk_print_jobs_total", (("outcome", "printed"),))] == 1
        assert got[("kiosk_device_state", (("device", "printer"), ("state", "paper_out")))] == 1
        assert got[("kiosk_device_state", (("device", "printer"), ("state", "online")))] == 0
        assert got[("kiosk_errors_total", (("kind", "printer.paper_out"),))] == 1
        assert got[("kiosk_errors_total", (("kind", "db"),))] == 1
        assert got[("kiosk_startup_duration_seconds", ())] == 2.5
        assert got[("kiosk_idle", ())] == 1 and got[("kiosk_session_active", ())] == 0
        assert got[("kiosk_paper_capacity_millimetres", ())] > 0
        assert ("kiosk_paper_left_millimetres", ()) in got
        assert [dict(labels)["kiosk_id"] for name, labels in got if name == "kiosk_info"] == [config.kiosk.id]
        # another kiosk's rows on the same database are not this kiosk's
        other = KioskMetrics(dataclasses.replace(config, kiosk=dataclasses.replace(config.kiosk, id="OTHER")),
                             services.session_factory)  # type: ignore[attr-defined]
        from prometheus_client import generate_latest

        assert 'kiosk_sessions_total{outcome="done"}' not in generate_latest(other.registry).decode()
    finally:
        metrics.close()
        dlog.close()


def test_metrics_are_off_unless_configured(kiosk_config: KioskConfig) -> None:
    assert KioskMetrics(kiosk_config).serve() is None


@pytest.mark.parametrize("listen", ["nope", "127.0.0.1:99999"])
def test_a_bad_listen_address_is_a_config_error(listen: str) -> None:
    from kiosk.config import ConfigError, parse_config

    with pytest.raises(ConfigError, match=r"metrics\.listen"):
        parse_config({"metrics": {"listen": listen}})
