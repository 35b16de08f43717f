"""Refusals raised in English by domain/ and store/ reach a Chinese user in Chinese."""
from salesterm import i18n


def test_error_text_translates_whole_messages_and_keeps_typed_values():
    i18n.set_language("zh")
    try:
        assert i18n.error_text("amount is empty") == "金额为空"
        assert i18n.error_text("amount is not a number: [bold]x") == "金额不是数字：[bold]x"
        assert i18n.error_text("the due date 2026-01-02 is before the issue date 2026-02-01") == \
            "到期日 2026-01-02 早于开票日期 2026-02-01"
        assert i18n.error_text("something nobody translated") == "something nobody translated"
        assert i18n.join_list(["甲", "乙"]) == "甲、乙"
        assert i18n.error_text("no folder /nowhere") == "没有这个文件夹：/nowhere"
        assert i18n.error_text("cannot write /a/b.csv: Permission denied (is it open in Excel?)") == \
            "无法写入 /a/b.csv：Permission denied（文件是否在 Excel 中打开？）"
    finally:
        i18n.set_language("en")
    assert i18n.error_text("amount is empty") == "amount is empty"
    assert i18n.join_list(["a", "b"]) == "a, b"
