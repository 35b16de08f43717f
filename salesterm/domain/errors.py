"""Errors caused by what the user typed or imported."""


class UserError(Exception):
    """An error caused by user input or data.

    ``str(e)`` is the one-line message shown to the user, without a traceback.
    """


def shown(value: object, limit: int = 40) -> str:
    """What the user typed, fit for a one-line message: stripped, control characters
    escaped (a newline shows as ``\\n``), and cut to ``limit`` characters."""
    text = "" if value is None else str(value).strip()
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
