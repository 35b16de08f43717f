"""Reading a search query as pinyin: the ways to cut typed letters into syllables.

A name matches a pinyin query when consecutive characters of the name each take a piece of
the query, in order, and every piece is the start of one of that character's readings (any
reading: 重 reads chong and zhong). Pieces are whole syllables (``chong``), single letters
(initials: ``c``), or, for the last piece, any start of a syllable (``chongq``). This module
lists the cuts; the store turns each piece into the set of characters it can stand for.

Pure and fast: no pypinyin here (the syllable table below is pypinyin's, toneless).
"""
from __future__ import annotations

from functools import lru_cache

from .textkeys import normalise_name

SYLLABLES = frozenset([
    "a", "ai", "an", "ang", "ao", "ba", "bai", "ban", "bang", "bao", "bei", "ben", "beng", "bi", "bian", "biang",
    "biao", "bie", "bin", "bing", "bo", "bong", "bu", "ca", "cai", "can", "cang", "cao", "ce", "cei", "cen", "ceng",
    "cha", "chai", "chan", "chang", "chao", "che", "chen", "cheng", "chi", "chong", "chou", "chu", "chua", "chuai",
    "chuan", "chuang", "chui", "chun", "chuo", "ci", "cong", "cou", "cu", "cuan", "cui", "cun", "cuo", "da", "dai",
    "dan", "dang", "dao", "de", "dei", "den", "deng", "di", "dia", "dian", "diao", "die", "din", "ding", "diu",
    "dong", "dou", "du", "duan", "dui", "dun", "duo", "e", "ei", "en", "eng", "er", "fa", "fan", "fang", "fei", "fen",
    "feng", "fiao", "fo", "fou", "fu", "ga", "gai", "gan", "gang", "gao", "ge", "gei", "gen", "geng", "gong", "gou",
    "gu", "gua", "guai", "guan", "guang", "gui", "gun", "guo", "ha", "hai", "han", "hang", "hao", "he", "hei", "hen",
    "heng", "hm", "hng", "hong", "hou", "hu", "hua", "huai", "huan", "huang", "hui", "hun", "huo", "ji", "jia",
    "jian", "jiang", "jiao", "jie", "jin", "jing", "jiong", "jiu", "ju", "juan", "jue", "jun", "ka", "kai", "kan",
    "kang", "kao", "ke", "kei", "ken", "keng", "kong", "kou", "ku", "kua", "kuai", "kuan", "kuang", "kui", "kun",
    "kuo", "la", "lai", "lan", "lang", "lao", "le", "lei", "len", "leng", "li", "lia", "lian", "liang", "liao", "lie",
    "lin", "ling", "liu", "lo", "long", "lou", "lu", "luan", "lun", "luo", "lv", "lve", "m", "ma", "mai", "man",
    "mang", "mao", "me", "mei", "men", "meng", "mi", "mian", "miao", "mie", "min", "ming", "miu", "mo", "mou", "mu",
    "n", "na", "nai", "nan", "nang", "nao", "ne", "nei", "nen", "neng", "ng", "ni", "nia", "nian", "niang", "niao",
    "nie", "nin", "ning", "niu", "nong", "nou", "nu", "nuan", "nun", "nuo", "nv", "nve", "o", "ou", "pa", "pai",
    "pan", "pang", "pao", "pei", "pen", "peng", "pi", "pian", "piao", "pie", "pin", "ping", "po", "pou", "pu", "qi",
    "qia", "qian", "qiang", "qiao", "qie", "qin", "qing", "qiong", "qiu", "qu", "quan", "que", "qun", "ran", "rang",
    "rao", "re", "ren", "reng", "ri", "rong", "rou", "ru", "rua", "ruan", "rui", "run", "ruo", "sa", "sai", "san",
    "sang", "sao", "se", "sen", "seng", "sha", "shai", "shan", "shang", "shao", "she", "shei", "shen", "sheng", "shi",
    "shou", "shu", "shua", "shuai", "shuan", "shuang", "shui", "shun", "shuo", "si", "song", "sou", "su", "suan",
    "sui", "sun", "suo", "ta", "tai", "tan", "tang", "tao", "te", "tei", "teng", "ti", "tian", "tiao", "tie", "ting",
    "tong", "tou", "tu", "tuan", "tui", "tun", "tuo", "wa", "wai", "wan", "wang", "wei", "wen", "weng", "wo", "wong",
    "wu", "xi", "xia", "xian", "xiang", "xiao", "xie", "xin", "xing", "xiong", "xiu", "xu", "xuan", "xue", "xun",
    "ya", "yan", "yang", "yao", "ye", "yi", "yin", "ying", "yo", "yong", "you", "yu", "yuan", "yue", "yun", "za",
    "zai", "zan", "zang", "zao", "ze", "zei", "zen", "zeng", "zha", "zhai", "zhan", "zhang", "zhao", "zhe", "zhei",
    "zhen", "zheng", "zhi", "zhong", "zhou", "zhu", "zhua", "zhuai", "zhuan", "zhuang", "zhui", "zhun", "zhuo", "zi",
    "zong", "zou", "zu", "zuan", "zui", "zun", "zuo",
])

PREFIXES = frozenset(s[:i] for s in SYLLABLES for i in range(1, len(s) + 1))

# Whole syllables a cut may use before its last piece: not the interjections (嗯 ng, 呣 m)
# that would read most letter pairs as two characters.
_WHOLE = SYLLABLES - {"ng", "n", "m", "hm", "hng"}
_DIGRAPHS = ("zh", "ch", "sh")
_VOWELS = set("aeiouv")

# Cuts listed per query at most (the likeliest first: fewest pieces, then all initials).
MAX_CUTS = 48

Tokens = tuple[str, ...]


def is_literal(token: str) -> bool:
    """A piece standing for itself (a Chinese character or other non-ASCII letter)."""
    return len(token) == 1 and not token.isascii()


def query_key(query: str) -> str:
    """The query as the index compares it: NFKC, lowercase, no spaces or punctuation."""
    return normalise_name(query)


@lru_cache(maxsize=4096)
def _cuts_of_run(run: str, cap: int) -> tuple[Tokens, ...]:
    """Ways to cut one run of ASCII letters/digits, fewest pieces first."""
    out: list[Tokens] = []

    def walk(pos: int, acc: list[str]) -> None:
        if len(out) >= cap * 4:
            return
        if pos == len(run):
            out.append(tuple(acc))
            return
        rest = run[pos:]
        lengths = []
        for size in range(min(6, len(rest)), 1, -1):
            piece = rest[:size]
            if (size == len(rest) and _known(piece, PREFIXES) or _known(piece, _WHOLE)
                    or (piece in _DIGRAPHS and rest[size:size + 1] not in _VOWELS)):
                lengths.append(size)
        if rest[0] not in "iuv":  # no syllable starts with i, u or v (the all-initials cut has them)
            lengths.append(1)  # a single letter (an initial) or digit
        for size in lengths:
            acc.append(rest[:size])
            walk(pos + size, acc)
            acc.pop()

    walk(0, [])
    initials = tuple(run)
    ranked = sorted(set(out), key=lambda cut: (len(cut), cut))
    if ranked:  # what people type: whole syllables, at most one boundary read otherwise
        fewest = len(ranked[0])
        ranked = [cut for cut in ranked if len(cut) <= fewest + 1]
    if initials not in ranked[:cap]:
        ranked = ranked[: cap - 1] + [initials]
    return tuple(ranked[:cap])


@lru_cache(maxsize=2048)
def cuts(key: str, cap: int = MAX_CUTS) -> tuple[Tokens, ...]:
    """Every cut of a query key (see query_key) into pieces, fewest pieces first.

    Non-ASCII characters stand for themselves; each run of ASCII letters and digits is cut
    into syllables and initials. ``"cq"`` gives ``(("c", "q"),)``; ``"xian"`` gives
    ``("xian",), ("xi", "an"), ...``; ``"重qing"`` gives ``("重", "qing"), ...``.
    """
    parts: list[tuple[Tokens, ...]] = []
    run = ""
    for char in key:
        if char.isascii():
            run += char
            continue
        if run:
            parts.append(_cuts_of_run(run, cap))
            run = ""
        parts.append(((char,),))
    if run:
        parts.append(_cuts_of_run(run, cap))
    combos: list[Tokens] = [()]
    for options in parts:
        combos = [c + o for c in combos for o in options][: cap * 4]
    initials = tuple(key)
    ranked = sorted(set(combos), key=lambda cut: (len(cut), cut))[:cap]
    if initials not in ranked:
        ranked = ranked[: cap - 1] + [initials]
    return tuple(ranked)


WILDCARD = "?"  # one letter, any (a typo's replacement)


@lru_cache(maxsize=8192)
def _known(piece: str, table: frozenset) -> bool:
    if WILDCARD not in piece:
        return piece in table
    return any(_known(piece.replace(WILDCARD, c, 1), table) for c in "abcdefghijklmnopqrstuwxyz")


def initials_cut(key: str) -> Tokens:
    """The cut taking one character per typed letter (``"cqcs"`` -> c, q, c, s)."""
    return tuple(key)


def matches(name: str, readings, key: str) -> tuple[int, int] | None:
    """Where NAME matches a query key contiguously: (first character, characters used),
    the earliest first, or None. READINGS(char) gives a character's readings.

    The reference rule the index implements with regular expressions (used by tests).
    """
    chars = list(query_key(name))
    for tokens in cuts(key):
        for start in range(len(chars) - len(tokens) + 1):
            if all(_takes(chars[start + i], readings, tok) for i, tok in enumerate(tokens)):
                return start, len(tokens)
    return None


def _takes(char: str, readings, token: str) -> bool:
    if is_literal(token):
        return token == char
    return any(r.startswith(token) for r in readings(char))
