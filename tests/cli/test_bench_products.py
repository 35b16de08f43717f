"""`salesterm bench products --json`: the product search timed one keystroke at a time."""
from __future__ import annotations

import json


def test_bench_products_json(run_cli):
    proc = run_cli("bench", "products", "--products", "400", "--typed", "5", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["name"] == "product_search_keystroke" and out["n"] == 400 and out["budget_ms"] == 10
    assert out["keystrokes"] == out["samples"] > 5
    assert 0 < out["p50_ms"] <= out["p99_ms"] <= out["max_ms"]
    assert {"initials", "pinyin", "chinese", "code", "barcode"} == {k for k in out if isinstance(out[k], dict)}


def test_the_catalogue_is_realistic_and_the_same_for_a_seed():
    from salesterm.bench.products import catalogue

    first, again = catalogue(300, 14), catalogue(300, 14)
    assert first == again and len({p["code"] for p in first}) == 300
    assert all(p["barcode"].startswith("69") and len(p["barcode"]) == 13 for p in first)
