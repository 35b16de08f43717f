"""Workers for the order-number concurrency test: spawned processes placing orders at once."""
from __future__ import annotations

from datetime import date

DAY = date(2026, 11, 20)


def place_many(db: str, customer_id: str, product_id: str, n: int, start, out) -> None:
    from salesterm.domain.errors import UserError
    from tests.concurrency import _open

    _open(db)
    from salesterm.store.orders.placing import LineInput, place_order

    start.wait()
    numbers, refused, crashed = [], [], []
    for _ in range(n):
        try:
            numbers.append(place_order(customer_id, [LineInput(product_id, 1)], DAY).number)
        except UserError as exc:
            refused.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - counted: the test fails on any
            crashed.append(f"{type(exc).__name__}: {exc}")
    out.put({"numbers": numbers, "refused": refused, "crashed": crashed})


def deliver_all(db: str, order_id: str, start, out) -> None:
    """Deliver everything left of ORDER_ID once, as two reps' apps might at the same moment."""
    from salesterm.domain.errors import UserError
    from tests.concurrency import _open

    _open(db)
    from salesterm.store.orders import lifecycle

    start.wait()
    try:
        lifecycle.deliver(order_id, DAY)
        out.put("delivered")
    except UserError as exc:
        out.put(f"refused: {exc.msgid}")
    except Exception as exc:  # noqa: BLE001 - the test fails on any
        out.put(f"crashed: {type(exc).__name__}: {exc}")
