"""The importer's duplicate rule for a whole file (domain/customer_identity): a row that is the
same customer as an earlier row or as a customer on file is a bad row; the same name in another
city is a possible duplicate, imported and listed in the report."""
from __future__ import annotations

from salesterm.domain import customer_identity as identity
from salesterm.domain import textkeys
from salesterm.domain.errors import Message
from salesterm.store.io.tabular import ImportReport, RowError


class Seen:
    """What earlier rows of the file hold: normalised names, phone digits, codes -> line."""

    def __init__(self):
        self.names: dict[str, list[tuple[str, int]]] = {}  # norm -> [(city, line)]
        self.phones: dict[str, int] = {}
        self.codes: dict[str, int] = {}


def duplicates(line, clean, target, existing, seen: Seen, where, report: ImportReport) -> list[RowError]:
    errors: list[RowError] = []
    code = clean.get("code")
    if code:
        if code in existing.archived_codes:
            errors.append(RowError(line, where("code"), Message("rows.code_of_archived", code=code)))
        elif code in seen.codes:
            errors.append(RowError(line, where("code"),
                                   Message("rows.code_used_on_line", code=code, line=seen.codes[code])))
        else:
            seen.codes[code] = line
    norm = clean.get("name_norm") or textkeys.normalise_name(clean["name"])
    digits = clean.get("phone_digits", None)
    if digits is None:
        digits = textkeys.phone_digits(clean.get("phone", ""))
    name, phone = clean["name"], clean.get("phone", "")
    city = clean.get("city") or (existing.city_of.get(target, "") if target else "")
    errors.append(_same_name(norm, name, city, line, target, existing, seen, where, report))
    if len(digits) >= 7:
        errors.append(_first_use(digits, seen.phones, existing.by_phone, target, line, lambda: where("phone"),
                                 lambda first: Message("rows.phone_on_line", phone=phone, line=first),
                                 lambda other: Message("rows.phone_of_customer", phone=phone,
                                                       customer=existing.describe(other))))
    return [e for e in errors if e is not None]


def _same_name(norm, name, city, line, target, existing, seen: Seen, where, report: ImportReport) -> RowError | None:
    """The name rule: the same normalised name in the same city as an earlier row or another
    customer on file is a bad row; in another city it is a possible duplicate (reported).
    WHERE(field) names the column (worked out only for a row reported)."""
    earlier = seen.names.get(norm, [])
    on_file = [e for e in existing.by_name.get(norm, []) if e[0] != target]
    column = where("name") if earlier or on_file else None  # (nearly every row: neither)
    for other_city, first in earlier:
        if identity.same_place(city, other_city):
            return RowError(line, column, Message("rows.same_customer_as_line", line=first, name=name))
    for other in on_file:
        if identity.same_place(city, other[3]):
            return RowError(line, column, Message("rows.already_a_customer", name=name,
                                                  customer=existing.describe(other)))
    if target:  # an update of a file already known: the pair was reported when it came in
        on_file = earlier = []
    for other_city, first in earlier:
        report.possible_duplicates.append(RowError(line, column, Message(
            "rows.same_name_as_line", name=name, city=city, line=first, other_city=other_city)))
    for other in on_file:
        report.possible_duplicates.append(RowError(line, column, Message(
            "rows.same_name_as_customer", name=name, city=city, customer=existing.describe(other))))
    seen.names.setdefault(norm, []).append((city, line))
    return None


def _first_use(key, seen: dict, on_file: dict, target, line: int, column, in_file, in_database) -> RowError | None:
    """KEY (phone digits) must be new to the file and to the database unless it is the row's
    own customer (TARGET); COLUMN() names the column. The first row holding it is remembered in SEEN; a row refused for
    the database's customer does not shadow later rows."""
    if key in seen:
        return RowError(line, column(), in_file(seen[key]))
    other = on_file.get(key)
    if other and other[0] != target:
        return RowError(line, column(), in_database(other))
    seen[key] = line
    return None
