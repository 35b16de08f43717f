"""salesterm bench products [--products N]: picking a product by search, one keystroke at a time.

A catalogue of N products (20,000 by default) is generated into a fresh SQLite file: names
built from real FMCG brands, product words and specifications (金龙鱼 食用调和油 5L×4 ...),
codes, EAN-13 barcodes, a tenth discontinued. Then, for --typed products picked at random,
each prefix of what a rep types to find it (its pinyin initials, its full pinyin, its Chinese
name, its code, its barcode) is searched as the picker does, one search a keystroke, with the
result cache emptied first (every figure is a real search). Budget: p99 under 10 ms.
"""
from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path

from salesterm.bench import summary

BRANDS = ["金龙鱼", "福临门", "鲁花", "海天", "李锦记", "康师傅", "统一", "娃哈哈", "农夫山泉", "怡宝", "蒙牛", "伊利",
          "光明", "青岛", "雪花", "燕京", "百威", "长城", "张裕", "五粮液", "洋河", "汾酒", "重庆", "老干妈", "太太乐",
          "加多宝", "王老吉", "红牛", "达利园", "旺旺", "好丽友", "奥利奥", "乐事", "三只松鼠", "良品铺子", "恒顺",
          "千禾", "厨邦", "味事达", "银鹭", "露露", "六个核桃", "君乐宝", "维他奶", "银行", "长虹",
          "重庆小面", "乐百氏"]
WORDS = ["食用调和油", "花生油", "大豆油", "菜籽油", "生抽", "老抽", "蚝油", "陈醋", "米醋", "料酒", "方便面", "桶面",
         "矿泉水", "纯净水", "纯牛奶", "酸奶", "啤酒", "干红葡萄酒", "白酒", "辣椒酱", "鸡精", "凉茶", "功能饮料",
         "蛋黄派", "雪饼", "饼干", "薯片", "坚果礼盒", "香醋", "酱油", "豆奶", "核桃乳", "火锅底料", "八宝粥", "杏仁露"]
SPECS = [("5L", 4, "桶"), ("1.8L", 6, "瓶"), ("500ml", 12, "瓶"), ("550ml", 24, "瓶"), ("250ml", 24, "盒"),
         ("330ml", 24, "罐"), ("120g", 24, "袋"), ("400g", 30, "袋"), ("750ml", 6, "瓶"), ("2kg", 10, "袋")]
QUALIFIERS = ["", "", "特级", "一级", "原味", "经典", "零添加", "家庭装", "礼盒装", "低糖", "鲜", "精选"]


def add_arguments(parser) -> None:
    parser.add_argument("--products", type=int, default=20_000, metavar="N",
                        help="products in the catalogue")
    parser.add_argument("--typed", type=int, default=60,
                        help="products looked for, each typed key by key")
    parser.add_argument("--seed", type=int, default=14)


def catalogue(n: int, seed: int) -> list[dict]:
    """N products as a company's catalogue holds them (deterministic for SEED)."""
    rng = random.Random(seed)
    out, names = [], set()
    i = 0
    while len(out) < n:
        i += 1
        brand, word, qual = rng.choice(BRANDS), rng.choice(WORDS), rng.choice(QUALIFIERS)
        size, per_case, unit = rng.choice(SPECS)
        name = f"{brand}{qual}{word}" + (f"{i}号" if (brand, qual, word) in names else "")
        names.add((brand, qual, word))
        code = f"SP{len(out) + 1:06d}"
        barcode = "69" + "".join(rng.choice("0123456789") for _ in range(11))
        out.append({"code": code, "name": name, "spec": f"{size}×{per_case}", "unit": unit, "case_unit": "箱",
                    "case_size": per_case, "brand": brand, "category": word, "barcode": barcode,
                    "status": "discontinued" if rng.random() < 0.1 else "active",
                    "list_price": rng.randrange(150, 30_000), "floor_price": None})
    return out


def typings(products: list[dict], count: int, seed: int) -> list[tuple[str, str]]:
    """(what, typed text) of every keystroke reps make looking for COUNT products."""
    from salesterm.domain import textkeys

    rng = random.Random(seed + 1)
    out: list[tuple[str, str]] = []
    ways = ("initials", "pinyin", "chinese", "code", "barcode")
    for k in range(count):
        p = rng.choice(products)
        way = ways[k % len(ways)]
        fulls, initials = textkeys.pinyin_variants(p["name"], limit=1)
        text = {"initials": initials[0][:6] if initials else "", "pinyin": fulls[0][:12] if fulls else "",
                "chinese": p["name"][:4], "code": p["code"].lower(), "barcode": p["barcode"][:9]}[way]
        out += [(way, text[:i]) for i in range(1, len(text) + 1)]
    return out


def _load() -> float | None:
    try:
        import os

        return round(os.getloadavg()[0], 1)
    except (AttributeError, OSError):  # not on Windows
        return None


def run(args, ctx) -> dict:
    from salesterm.store.db import open_database
    from salesterm.store.products import catalogue as store
    from salesterm.store.products import search
    from salesterm.store.transactions import write_transaction

    n = args.products
    folder = Path(tempfile.mkdtemp(prefix="salesterm-bench-products-"))
    db = open_database(str(folder / "bench.db"))
    try:
        products = catalogue(n, args.seed)
        t0 = time.perf_counter()
        with write_transaction():
            store.write_many([store.check_fields(p) for p in products], [])
        setup_s = time.perf_counter() - t0
        search.forget()
        t0 = time.perf_counter()
        search.warm()
        build_ms = (time.perf_counter() - t0) * 1000
        keys = typings(products, args.typed, args.seed)
        samples: dict[str, list[float]] = {}
        every: list[float] = []
        cpu: list[float] = []  # the thread's CPU time: what a loaded machine's waiting does not inflate
        for way, text in keys:
            search.forget_results()
            t0, c0 = time.perf_counter(), time.thread_time()
            search.search_products(text, limit=20)
            ms = (time.perf_counter() - t0) * 1000
            cpu.append((time.thread_time() - c0) * 1000)
            samples.setdefault(way, []).append(ms)
            every.append(ms)
        cpu_summary = summary("cpu", n, cpu)
        extra = {"keystrokes": len(every), "cpu_p50_ms": cpu_summary["p50_ms"], "cpu_p99_ms": cpu_summary["p99_ms"],
                 "load_average": _load(), "index_build_ms": round(build_ms, 1), "setup_s": round(setup_s, 1),
                 "budget_ms": 10}
        for way, values in samples.items():
            extra[way] = summary(way, n, values)
        return summary("product_search_keystroke", n, every, **extra)
    finally:
        db.close()
        search.forget()
        shutil.rmtree(folder, ignore_errors=True)
