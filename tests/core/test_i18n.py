"""Bahasa Indonesia by default; the language switch turns the pages to English and back."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.indonesian]
LOGIN = reverse("accounts:login")


def test_pages_are_in_bahasa_indonesia_by_default(client):
    html = client.get(LOGIN).content.decode()
    assert 'lang="id"' in html
    assert "Masuk" in html


def test_item_11_an_english_browser_still_gets_bahasa_indonesia(client):
    html = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in html and "Masuk" in html


def test_item_11_the_language_chosen_is_kept_for_the_user_on_any_device(client, manager):
    client.force_login(manager)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    manager.refresh_from_db()
    assert manager.language == "en"

    other_device = type(client)()
    other_device.force_login(manager)
    assert 'lang="en"' in other_device.get("/", follow=True).content.decode()


def test_language_switch_turns_pages_to_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    assert response.status_code == 302
    html = client.get(LOGIN).content.decode()
    assert 'lang="en"' in html
    assert "Log in" in html

    client.post(reverse("set_language"), {"language": "id", "next": LOGIN})
    assert "Masuk" in client.get(LOGIN).content.decode()


def test_the_switch_is_on_every_page(client):
    html = client.get(LOGIN).content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert '<option value="en"' in html


def test_catalog_is_compiled_and_complete():
    """The shipped .mo has every translated message of the .po (so a fresh clone needs no gettext)."""
    from pathlib import Path

    import polib

    locale = Path(__file__).resolve().parents[2] / "locale" / "id" / "LC_MESSAGES"
    po = polib.pofile(str(locale / "django.po"))
    mo = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in polib.mofile(str(locale / "django.mo"))}
    untranslated = [entry.msgid for entry in po if not entry.translated() and not entry.obsolete]
    assert untranslated == []
    stale = [
        entry.msgid for entry in po.translated_entries() if mo.get((entry.msgctxt, entry.msgid)) != entry.msgstr
    ]
    assert stale == [], "run: python manage.py compilemessages"
