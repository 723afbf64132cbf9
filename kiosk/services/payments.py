"""The payment port and a simulated QR-code payment provider.

A provider is idempotent by key: ``create_order`` twice with one key returns the same order and
charges at most once. ``query`` answers by key, so after an unknown outcome (a timeout, a crash)
the kiosk asks instead of charging again. The simulator computes its orders' fate from the clock
(delay, outcome, expiry), so nothing in it sleeps; tests inject faults through its control API
(:meth:`SimulatedPaymentProvider.inject`), never through the order data.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from kiosk.clock import Clock, system_clock
from kiosk.config import KioskConfig

log = logging.getLogger("kiosk.payment")


class OrderState(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


FINAL_ORDER_STATES = frozenset({OrderState.PAID, OrderState.DECLINED, OrderState.EXPIRED, OrderState.CANCELLED})


@dataclass(frozen=True)
class ProviderOrder:
    order_id: str
    idempotency_key: str
    amount: Decimal
    state: OrderState
    qr_payload: str
    expires_at: dt.datetime
    description: str = ""


class PaymentHostError(Exception):
    """Base of the payment port's own errors (converted to kiosk errors by the ledger)."""


class ProviderTimeout(PaymentHostError):
    """No answer in time: the request may or may not have been processed."""


class ProviderUnavailable(PaymentHostError):
    """The host refused the connection: the request was certainly not processed."""


class PaymentProvider(Protocol):
    name: str

    def create_order(self, idempotency_key: str, amount: Decimal, description: str) -> ProviderOrder: ...
    def query(self, idempotency_key: str) -> ProviderOrder | None: ...  # None: never heard of this key
    def cancel(self, idempotency_key: str) -> ProviderOrder | None: ...  # the order's state afterwards


PaymentCallback = Callable[[str, OrderState], object]  # what a subscriber returns is ignored


class Fault(StrEnum):
    TIMEOUT_BEFORE = "timeout_before"  # the request is lost on the way: nothing happens, then a timeout
    TIMEOUT_AFTER = "timeout_after"  # the provider acts, the answer is lost: a timeout
    UNAVAILABLE = "unavailable"  # connection refused, nothing happens
    CRASH_BEFORE = "crash_before"  # the kiosk dies before the request leaves (tests: SimulatedCrash)
    CRASH_AFTER = "crash_after"  # the provider acts, then the kiosk dies before reading the answer


class SimulatedCrash(BaseException):
    """Raised by the simulator to stand for the kiosk process dying in the middle of a call."""


@dataclass
class _Order:
    order: ProviderOrder
    created: dt.datetime
    delay: float
    outcome: OrderState


class SimulatedPaymentProvider:
    """A QR-code payment host in memory: create -> show QR -> poll -> paid / declined / expired."""

    name = "simulated"

    def __init__(
        self,
        *,
        delay: float = 2.0,
        outcome: str = "paid",
        expiry: float = 300.0,
        clock: Clock = system_clock,
    ) -> None:
        self.delay = delay
        self.outcome = OrderState(outcome)
        self.expiry = expiry
        self._clock = clock
        self._lock = threading.Lock()
        self._orders: dict[str, _Order] = {}
        self._faults: dict[str, list[Fault]] = {"create": [], "query": [], "cancel": []}
        self._next_outcome: list[tuple[OrderState, float | None]] = []
        self._ids = itertools.count(1)
        self._subscribers: list[PaymentCallback] = []
        self.create_calls = 0  # every create_order request that reached the host

    # ---- control API for tests and demos ---------------------------------------------------------
    def inject(self, operation: str, fault: Fault | str, times: int = 1) -> None:
        """Make the next ``times`` calls of ``operation`` (create, query, cancel) fail this way."""
        self._faults[operation].extend([Fault(fault)] * times)

    def script_next(self, outcome: str, delay: float | None = None) -> None:
        """The next new order reaches ``outcome`` (after ``delay`` seconds instead of the default)."""
        self._next_outcome.append((OrderState(outcome), delay))

    def settle(self, idempotency_key: str, outcome: str = "paid") -> None:
        """The payer acts now (scans and pays, or declines)."""
        with self._lock:
            rec = self._orders[idempotency_key]
            self._refresh(rec)
            if rec.order.state is OrderState.PENDING:
                rec.order = replace(rec.order, state=OrderState(outcome))

    def subscribe(self, callback: PaymentCallback) -> None:
        self._subscribers.append(callback)

    def notify(self, idempotency_key: str, times: int = 1) -> None:
        """Deliver the order's current state to the subscribers ``times`` times (duplicate callbacks)."""
        order = self.query_unfaulted(idempotency_key)
        for _ in range(times):
            for cb in list(self._subscribers):
                cb(idempotency_key, order.state)

    def charged_count(self) -> int:
        with self._lock:
            for rec in self._orders.values():
                self._refresh(rec)
            return sum(1 for r in self._orders.values() if r.order.state is OrderState.PAID)

    def order_count(self) -> int:
        return len(self._orders)

    def query_unfaulted(self, idempotency_key: str) -> ProviderOrder:
        with self._lock:
            rec = self._orders[idempotency_key]
            self._refresh(rec)
            return rec.order

    # ---- the port -------------------------------------------------------------------------------
    def create_order(self, idempotency_key: str, amount: Decimal, description: str) -> ProviderOrder:
        fault = self._take_fault("create")
        if fault in (Fault.TIMEOUT_BEFORE, Fault.UNAVAILABLE, Fault.CRASH_BEFORE):
            raise self._error(fault, "create")
        with self._lock:
            self.create_calls += 1
            rec = self._orders.get(idempotency_key)
            if rec is None:
                now = self._clock()
                order_id = f"SIM{now:%Y%m%d}{next(self._ids):06d}"
                outcome, delay = self._next_outcome.pop(0) if self._next_outcome else (self.outcome, None)
                expires = now + dt.timedelta(seconds=self.expiry)
                payload = f"kioskpay://order/{order_id}?amt={amount:.2f}&exp={int(expires.timestamp())}"
                rec = _Order(
                    ProviderOrder(order_id, idempotency_key, amount, OrderState.PENDING, payload, expires,
                                  description),
                    now, self.delay if delay is None else delay, outcome,
                )
                self._orders[idempotency_key] = rec
                log.info("order %s from none to pending (key %s, amount %s)", order_id, idempotency_key, amount)
            elif rec.order.amount != amount:
                raise PaymentHostError(f"idempotency key {idempotency_key} reused with another amount")
            self._refresh(rec)
            order = rec.order
        if fault in (Fault.TIMEOUT_AFTER, Fault.CRASH_AFTER):
            raise self._error(fault, "create")
        return order

    def query(self, idempotency_key: str) -> ProviderOrder | None:
        fault = self._take_fault("query")
        if fault is not None:
            raise self._error(fault, "query")
        with self._lock:
            rec = self._orders.get(idempotency_key)
            if rec is None:
                return None
            self._refresh(rec)
            return rec.order

    def cancel(self, idempotency_key: str) -> ProviderOrder | None:
        fault = self._take_fault("cancel")
        if fault in (Fault.TIMEOUT_BEFORE, Fault.UNAVAILABLE, Fault.CRASH_BEFORE):
            raise self._error(fault, "cancel")
        with self._lock:
            rec = self._orders.get(idempotency_key)
            if rec is None:
                result = None
            else:
                self._refresh(rec)
                if rec.order.state is OrderState.PENDING:
                    rec.order = replace(rec.order, state=OrderState.CANCELLED)
                    log.info("order %s from pending to cancelled (kiosk cancelled)", rec.order.order_id)
                result = rec.order
        if fault in (Fault.TIMEOUT_AFTER, Fault.CRASH_AFTER):
            raise self._error(fault, "cancel")
        return result

    # ---- inside ---------------------------------------------------------------------------------
    def _take_fault(self, operation: str) -> Fault | None:
        with self._lock:
            queue = self._faults[operation]
            return queue.pop(0) if queue else None

    @staticmethod
    def _error(fault: Fault, operation: str) -> BaseException:
        if fault in (Fault.CRASH_BEFORE, Fault.CRASH_AFTER):
            return SimulatedCrash(f"kiosk died during the {operation} request")
        if fault is Fault.UNAVAILABLE:
            return ProviderUnavailable(f"payment host refused the {operation} request")
        return ProviderTimeout(f"payment host did not answer the {operation} request in time")

    def _refresh(self, rec: _Order) -> None:
        if rec.order.state is not OrderState.PENDING:
            return
        now = self._clock()
        elapsed = (now - rec.created).total_seconds()
        new: OrderState
        if rec.outcome in (OrderState.PAID, OrderState.DECLINED) and elapsed >= rec.delay:
            new = rec.outcome
        elif now >= rec.order.expires_at:
            new = OrderState.EXPIRED
        else:
            return
        rec.order = replace(rec.order, state=new)
        log.info("order %s from pending to %s (simulated payer)", rec.order.order_id, new.value)


def make_provider(config: KioskConfig, clock: Clock = system_clock) -> SimulatedPaymentProvider:
    """The provider named in ``payment.provider``; only the simulator exists so far."""
    from kiosk.services.errors import ServiceUnavailable

    if config.payment.provider != "simulated":
        raise ServiceUnavailable(f"payment provider {config.payment.provider!r} is not available on this kiosk")
    return SimulatedPaymentProvider(
        delay=config.payment.simulated_delay,
        outcome=config.payment.simulated_outcome,
        expiry=config.timeouts.payment_expiry,
        clock=clock,
    )
