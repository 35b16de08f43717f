"""Customer and contact writes: checked fields, keys, duplicates (both backends)."""
from __future__ import annotations

import pytest

from salesterm.store import customers
from salesterm.store.models import Contact, Customer


def test_create_computes_keys_and_grade(db):
    from salesterm.store.reps import create_rep

    create_rep("王伟")  # the form's rep field takes an existing rep only (issue 13)
    c = customers.create_customer(
        {"name": "重庆长虹商行", "phone": "138-0013-8000", "rep": "王伟", "credit_limit": "5,000",
         "grade_factors": {"credit_standing": 5, "business_scale": 5, "staff_quality": 4}},
        contacts=[{"name": "张三", "phone": "13900001111", "is_decision_maker": "是"}],
    )
    c = Customer.get_by_id(c.id)
    assert c.name_norm == "重庆长虹商行"
    assert c.phone_digits == "13800138000"
    assert c.credit_limit == 500000
    assert "cqch" in c.py_initials.split() or any(i.startswith("cq") for i in c.py_initials.split())
    assert c.grade == c.grade_suggested and c.grade in "AB"
    assert c.rep.name == "王伟"
    contact = Contact.get(Contact.customer == c.id)
    assert contact.is_decision_maker and contact.phone_digits == "13900001111"


def test_override_wins_and_is_kept(db):
    c = customers.create_customer({"name": "某某超市", "grade_override": "a",
                                   "grade_override_reason": "strategic account"})
    assert Customer.get_by_id(c.id).grade == "A"
    customers.update_customer(c.id, {"grade_override": ""})
    assert Customer.get_by_id(c.id).grade is None


def test_duplicates_by_normalised_name_or_phone(db):
    customers.create_customer({"name": "广州市 鑫源（电子）经营部", "phone": "020-12345678"})
    with pytest.raises(customers.DuplicateCustomer) as err:
        customers.create_customer({"name": "广州市鑫源电子经营部"})
    assert err.value.matches
    with pytest.raises(customers.DuplicateCustomer):
        customers.create_customer({"name": "完全不同", "phone": "02012345678"})
    customers.create_customer({"name": "广州市鑫源电子经营部"}, allow_duplicate=True)
    assert Customer.select().count() == 2


def test_bad_fields_are_all_reported_and_nothing_written(db):
    with pytest.raises(customers.InvalidFields) as err:
        customers.create_customer({"name": "", "payday": "35", "phone": "12", "credit_limit": "-5"})
    fields = {e.field for e in err.value.errors}
    assert {"name", "payday", "phone", "credit_limit"} <= fields
    assert Customer.select().count() == 0


def test_code_must_be_unique(db):
    customers.create_customer({"name": "甲", "code": "C001"})
    with pytest.raises(customers.UserError, match="already used"):
        customers.create_customer({"name": "乙", "code": "C001"})


def test_an_unknown_rep_in_the_form_is_refused_with_the_closest_names_never_created(db):
    from salesterm.domain.errors import UserError
    from salesterm.store.models import Rep
    from salesterm.store.reps import create_rep

    create_rep("王伟")
    create_rep("张敏")
    with pytest.raises(UserError, match=r"no rep called '王为' \(did you mean 王伟\?\)"):
        customers.create_customer({"name": "新开商行", "rep": "王为"})
    c = customers.create_customer({"name": "新开商行", "rep": "张敏"})
    with pytest.raises(UserError, match="did you mean 张敏"):
        customers.update_customer(c.id, {"rep": "zhangm"})
    assert sorted(r.name for r in Rep.select()) == ["张敏", "王伟"]
    assert not Customer.select().where(Customer.name == "新开商行", Customer.rep.is_null()).exists()
