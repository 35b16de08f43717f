"""Refusals raised in English by domain/ and store/ reach a Chinese user in Chinese."""
from salesterm import i18n
from salesterm.domain.errors import UserError


def test_error_text_translates_whole_messages_and_keeps_typed_values():
    i18n.set_language("zh")
    try:
        assert i18n.error_text(UserError("money.amount_empty")) == "金额为空"
        assert i18n.error_text(UserError("money.amount_not_number_value", value="[bold]x")) == "金额不是数字：[bold]x"
        due_error = UserError("ledger.due_date_due_before_issue", due="2026-01-02", issued="2026-02-01")
        assert i18n.error_text(due_error) == "到期日 2026-01-02 早于开票日期 2026-02-01"
        assert i18n.error_text("something nobody translated") == "something nobody translated"
        assert i18n.join_list(["甲", "乙"]) == "甲、乙"
        assert i18n.error_text(UserError("file.folder_not_found", folder="/nowhere")) == "没有这个文件夹：/nowhere"
        assert i18n.error_text(UserError("file.cannot_write_open_in_excel", path="/a/b.csv",
                                         reason="Permission denied")) == \
            "无法写入 /a/b.csv：Permission denied（文件是否在 Excel 中打开？）"
    finally:
        i18n.set_language("en")
    assert i18n.error_text(UserError("money.amount_empty")) == "amount is empty"
    assert i18n.join_list(["a", "b"]) == "a, b"
