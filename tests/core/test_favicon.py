"""Issue 17 item 13 (navigation): the app has a favicon, so no page logs a 404 for it."""

from django.contrib.staticfiles import finders
from django.templatetags.static import static


def test_every_page_names_the_icon_and_favicon_ico_leads_to_it(client, db):
    icon = static("img/favicon.svg")
    login_page = client.get("/accounts/login/").content.decode()
    assert f'<link rel="icon" href="{icon}" type="image/svg+xml">' in login_page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == icon
    assert finders.find("img/favicon.svg") is not None
