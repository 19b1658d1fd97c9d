"""The menu: entries by role, and an app's entries gathered in one drop-down."""

import pytest

from koperasi.core.navigation import menu
from tests.factories.tenancy import CooperativeFactory, user_with_role


def entry(label, group=""):
    return {"label": label, "url": f"/{label}/", "url_name": label, "group": group}


def test_grouped_entries_share_one_drop_down_at_the_place_of_the_first():
    entries = [entry("home"), entry("journal", "Ledger"), entry("pos", "Waserda"), entry("stock", "Waserda")]
    sections = menu([*entries, entry("reports", "Ledger")])
    assert [section.get("group") or section["entry"]["label"] for section in sections] == ["home", "Ledger", "Waserda"]
    assert [item["label"] for item in sections[1]["entries"]] == ["journal", "reports"]
    assert [item["label"] for item in sections[2]["entries"]] == ["pos", "stock"]


def test_a_group_with_one_visible_entry_is_a_plain_link():
    sections = menu([entry("pos", "Waserda"), entry("calculators")])
    assert sections == [{"entry": entry("pos", "Waserda")}, {"entry": entry("calculators")}]


@pytest.mark.django_db
def test_item_6_a_cashier_sees_no_ledger_and_no_api_docs_in_the_menu(client, coop, staff):
    client.force_login(staff)
    html = client.get(f"/k/{coop.slug}/").content.decode()
    assert f"/k/{coop.slug}/ledger/" not in html and "/api/docs/" not in html
    assert f"/k/{coop.slug}/waserda/pos/" in html


@pytest.mark.django_db
def test_item_6_a_savings_and_loan_cooperative_gets_no_shop_menus(client):
    ksp = CooperativeFactory(name="KSP Sejahtera", slug="ksp-sejahtera", kind="ksp")
    client.force_login(user_with_role(ksp, "manager", username="ketua-ksp"))
    html = client.get("/k/ksp-sejahtera/").content.decode()
    assert "/waserda/" not in html and "/k/ksp-sejahtera/members/" in html


@pytest.mark.django_db
def test_item_6_the_access_denied_page_leads_back(client, coop, staff):
    client.force_login(staff)
    response = client.get(f"/k/{coop.slug}/users/")
    assert response.status_code == 403
    assert '<a href="/">' in response.content.decode()  # the start page: the user's cooperative(s)
