"""The menu: entries by role, and an app's entries gathered in one drop-down."""

from koperasi.core.navigation import menu


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
