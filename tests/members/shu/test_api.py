"""The SHU API: a rule version, the draft computed, approved and posted by a manager, the shares listed;
a member reads their own SHU."""

import pytest

from koperasi.tenancy.context import cooperative_context
from members import services as member_services
from tests.factories.accounts import UserFactory
from tests.members.shu.worked_example import YEAR, build_year

pytestmark = pytest.mark.django_db


def api(coop, path):
    return f"/api/v1/k/{coop.slug}/shu/{path}"


def send(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_shu_year_through_the_api(client, coop, staff, manager):
    with cooperative_context(coop.pk):
        members = build_year()
        user = UserFactory(username="budi")
        member_services.link_user(actor=manager, member=members["b"], user=user)
    client.force_login(staff)
    bad = send(client, api(coop, "rules/"), {"fiscal_year": YEAR, "reserve": "41", "sources": [{"key": "deliveries"}]})
    assert bad.status_code == 400 and bad.json()["code"] == "shu_rule_invalid"
    rule = send(client, api(coop, "rules/"), {"fiscal_year": YEAR, "sources": [{"key": "deliveries"}]})
    assert rule.status_code == 201 and rule.json()["version"] == 2
    draft = send(client, api(coop, "distributions/compute/"), {"fiscal_year": YEAR})
    assert draft.status_code == 200 and draft.json()["surplus"] == "5200000.00"
    url = api(coop, f"distributions/{draft.json()['id']}/")
    assert send(client, url + "approve/", {"rat_date": "2026-03-20", "minutes_reference": "BA"}).status_code == 403
    client.force_login(manager)
    assert send(client, url + "approve/", {"rat_date": "2026-03-20", "minutes_reference": "BA"}).status_code == 200
    again = send(client, api(coop, "distributions/compute/"), {"fiscal_year": YEAR})
    assert again.status_code == 400 and again.json()["code"] == "shu_distribution_frozen"
    assert send(client, url + "post/", {"date": "2026-03-21"}).json()["status"] == "posted"
    shares = client.get(url + "shares/", {"q": "Asep"}).json()["results"]
    assert [row["total"] for row in shares] == ["1240000.00"]
    client.force_login(user)
    mine = client.get(api(coop, "mine/")).json()
    assert [row["total"] for row in mine["years"]] == ["60000.00"]
