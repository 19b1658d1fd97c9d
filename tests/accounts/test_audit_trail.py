"""Reading the audit trail: a manager lists the cooperative's events with filters and opens the trail
of one document; the API lists and shows them read-only; no cooperative ever sees another's events,
nor the platform's own (logins)."""

import datetime

import pytest
from django.utils import timezone

from koperasi.accounts.models import AuditEvent
from koperasi.accounts.selectors import AuditFilters, actions, actors, audit_events, audit_trail_of, object_types
from koperasi.accounts.services import record_event
from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Role
from tests.factories.members import ActiveMemberFactory, funded_account
from tests.factories.tenancy import user_with_role

pytestmark = pytest.mark.django_db


def api(coop, path=""):
    return f"/api/v1/k/{coop.slug}/audit-events/{path}"


@pytest.fixture
def two_books(coop, other_coop, manager):
    """Cooperative A: a member with a funded account, and a manual event by A's manager; B: its own
    member and an event; the platform: a login event (no cooperative)."""
    with cooperative_context(coop.pk):
        member_a = ActiveMemberFactory(name="Siti Anggota A")
        account_a = funded_account("250000.00", member=member_a)
        note_a = record_event("member.note", actor=manager, cooperative_id=coop.pk, obj=member_a, after={"note": "A"})
    with cooperative_context(other_coop.pk):
        member_b = ActiveMemberFactory(name="Budi Anggota B")
        note_b = record_event("member.note", cooperative_id=other_coop.pk, obj=member_b, after={"note": "B"})
    login = record_event("login", actor=manager)
    return {"member_a": member_a, "account_a": account_a, "note_a": note_a, "member_b": member_b,
            "note_b": note_b, "login": login}  # fmt: skip


def test_the_selectors_read_one_cooperatives_events_and_one_documents_trail(coop, other_coop, two_books, manager):
    with cooperative_context(coop.pk):
        events = list(audit_events(coop))
        assert events and {event.cooperative_id for event in events} == {coop.pk}
        assert two_books["login"].pk not in {event.pk for event in events}  # platform events are not the coop's
        trail = list(audit_trail_of(coop, "members.Member", two_books["member_a"].pk))
        assert trail[-1] == two_books["note_a"]
        assert [event.created_at for event in trail] == sorted(event.created_at for event in trail)
        by_manager = audit_events(coop, AuditFilters(actor_id=manager.pk))
        assert list(by_manager) == [two_books["note_a"]]
        assert list(audit_events(coop, AuditFilters(action="member.note"))) == [two_books["note_a"]]
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        assert not audit_events(coop, AuditFilters(date_from=tomorrow)).exists()
        # B's member, asked for in A's context, has no trail here
        assert not audit_trail_of(coop, "members.Member", two_books["member_b"].pk).exists()
        # the filters' choices: each value the cooperative's events hold, once, in order; none of B's
        assert actions(coop) == sorted({event.action for event in events})
        assert object_types(coop) == sorted({event.object_type for event in events if event.object_type})
        assert actors(coop) == sorted({event.actor for event in events if event.actor}, key=lambda u: u.username)


def test_an_assessor_reading_several_cooperatives_still_gets_only_the_one_asked_for(coop, other_coop, two_books):
    with cooperative_context(coop.pk, read_only=True, readable_ids=frozenset({coop.pk, other_coop.pk})):
        seen = {event.cooperative_id for event in audit_events(coop)}
    assert seen == {coop.pk}


def test_a_manager_filters_the_trail_page_and_opens_a_documents_trail(client, coop, two_books, manager):
    client.force_login(manager)
    page = client.get(f"/k/{coop.slug}/audit/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="stack"' in html and "member.note" in html and "Siti Anggota A" in html
    assert "Budi Anggota B" not in html
    filtered = client.get(f"/k/{coop.slug}/audit/", {"action": "member.note", "actor": manager.pk}).content.decode()
    assert f'data-testid="event-{two_books["note_a"].pk}"' in filtered and filtered.count('data-testid="event-') == 1
    trail_url = f"/k/{coop.slug}/audit/members.Member/{two_books['member_a'].pk}/"
    assert trail_url in html
    with cooperative_context(coop.pk):
        record_event("member.renamed", cooperative_id=coop.pk, obj=two_books["member_a"],
                     before={"name": "Siti A"}, after={"name": "Siti Anggota A"})  # fmt: skip
    trail = client.get(trail_url).content.decode()
    assert "Siti Anggota A" in trail and "Note: A" in trail
    assert "Before:</span> Name: Siti A<br>Name: Siti Anggota A" in trail
    # the member's page links to it
    detail = client.get(f"/k/{coop.slug}/members/{two_books['member_a'].pk}/").content.decode()
    assert trail_url in detail and 'data-testid="audit-link"' in detail


def test_the_trail_pages_have_no_form_that_writes_and_refuse_to_be_posted_to(client, coop, two_books, manager):
    client.force_login(manager)
    html = client.get(f"/k/{coop.slug}/audit/").content.decode()
    content = html[html.index('<main class="content">') : html.index("</main>")]  # not the top bar's logout
    assert "<form" in content and 'method="post"' not in content.lower()
    assert client.post(f"/k/{coop.slug}/audit/", {}).status_code == 405
    trail = f"/k/{coop.slug}/audit/members.Member/{two_books['member_a'].pk}/"
    assert client.post(trail, {}).status_code == 405


def test_another_cooperatives_document_shows_an_empty_trail_and_an_unknown_type_is_not_found(
    client, coop, two_books, manager
):
    client.force_login(manager)
    other = client.get(f"/k/{coop.slug}/audit/members.Member/{two_books['member_b'].pk}/").content.decode()
    assert "Budi Anggota B" not in other and "No events of this document." in other
    assert client.get(f"/k/{coop.slug}/audit/nothing.Here/1/").status_code == 404


def test_staff_and_members_cannot_read_the_trail_and_see_no_link(client, coop, two_books, staff):
    client.force_login(staff)
    assert client.get(f"/k/{coop.slug}/audit/").status_code == 403
    assert client.get(api(coop)).status_code == 403
    detail = client.get(f"/k/{coop.slug}/members/{two_books['member_a'].pk}/").content.decode()
    assert 'data-testid="audit-link"' not in detail


def test_an_assessor_reads_the_trail(client, coop, two_books):
    assessor = user_with_role(coop, Role.ASSESSOR, username="penilai")
    client.force_login(assessor)
    assert client.get(f"/k/{coop.slug}/audit/").status_code == 200
    assert client.get(api(coop)).status_code == 200


def test_the_api_lists_and_shows_events_with_filters(client, coop, two_books, manager):
    client.force_login(manager)
    body = client.get(api(coop), {"object_type": "members.Member", "object_id": two_books["member_a"].pk}).json()
    assert body["results"][0]["id"] == two_books["note_a"].pk
    assert {row["object_id"] for row in body["results"]} == {str(two_books["member_a"].pk)}
    one = client.get(api(coop, f"{two_books['note_a'].pk}/")).json()
    assert (one["action"], one["after"], one["actor_username"]) == ("member.note", {"note": "A"}, "manajer")
    deposits = client.get(api(coop), {"action": "savings.deposit"}).json()["results"]
    assert deposits and {row["action"] for row in deposits} == {"savings.deposit"}
    today = timezone.localdate().isoformat()
    assert client.get(api(coop), {"date_from": today, "date_to": today}).json()["count"] >= 2
    assert client.get(api(coop), {"date_to": "2000-01-01"}).json()["count"] == 0


def test_the_api_answers_405_to_every_write(client, coop, two_books, manager):
    client.force_login(manager)
    one = api(coop, f"{two_books['note_a'].pk}/")
    assert client.post(api(coop), {"action": "forged"}, content_type="application/json").status_code == 405
    assert client.put(one, {"action": "forged"}, content_type="application/json").status_code == 405
    assert client.patch(one, {"action": "forged"}, content_type="application/json").status_code == 405
    assert client.delete(one).status_code == 405
    with cooperative_context(coop.pk):
        assert AuditEvent.objects.get(pk=two_books["note_a"].pk).action == "member.note"


def test_the_api_never_shows_another_cooperatives_or_the_platforms_events(client, coop, other_coop, two_books, manager):
    client.force_login(manager)
    listed = client.get(api(coop), {"page_size": 500}).json()
    ids = {row["id"] for row in listed["results"]}
    assert listed["count"] == len(ids) > 0
    with cooperative_context(other_coop.pk):
        b_ids = set(AuditEvent.objects.filter(cooperative_id=other_coop.pk).values_list("pk", flat=True))
    assert b_ids, "cooperative B has events to leak"
    assert ids & b_ids == set(), f"cooperative B's events leaked to A: {sorted(ids & b_ids)}"
    assert two_books["login"].pk not in ids, "a platform event leaked into a cooperative's trail"
    assert client.get(api(coop, f"{two_books['note_b'].pk}/")).status_code == 404
    assert client.get(api(coop, f"{two_books['login'].pk}/")).status_code == 404
    b_by_filter = client.get(api(coop), {"object_type": "members.Member", "object_id": two_books["member_b"].pk})
    assert b_by_filter.json()["count"] == 0
    assert client.get(api(other_coop)).status_code == 404  # no role in B at all


def test_the_credit_line_payment_run_and_shu_pages_link_to_their_trails(client, coop, manager):
    from tests.factories.members import CreditLineMovementFactory
    from tests.factories.procurement import PaymentRunFactory
    from tests.factories.shu import shared_year

    with cooperative_context(coop.pk):
        line = CreditLineMovementFactory().line
        run = PaymentRunFactory()
        distribution = shared_year()
    client.force_login(manager)
    pages = {
        f"/k/{coop.slug}/members/credit-lines/{line.pk}/": f"/audit/members.CreditLine/{line.pk}/",
        f"/k/{coop.slug}/supply/payment-runs/{run.pk}/": f"/audit/procurement.PaymentRun/{run.pk}/",
        f"/k/{coop.slug}/members/shu/?year={distribution.fiscal_year}": (
            f"/audit/members.ShuDistribution/{distribution.pk}/"
        ),
    }
    for page, trail in pages.items():
        assert f"/k/{coop.slug}{trail}" in client.get(page).content.decode(), page
        assert client.get(f"/k/{coop.slug}{trail}").content.decode().count('data-testid="event-') >= 1, trail


def test_a_platform_admin_reads_any_cooperatives_events_from_the_platform_page(client, coop, other_coop, two_books):
    from tests.factories.accounts import UserFactory

    admin = UserFactory(username="admin-platform", is_staff=True, is_superuser=True)
    client.force_login(admin)
    detail = client.get(f"/platform/cooperatives/{coop.pk}/").content.decode()
    assert f"/platform/cooperatives/{coop.pk}/audit/" in detail
    html = client.get(f"/platform/cooperatives/{coop.pk}/audit/", {"action": "member.note"}).content.decode()
    assert f'data-testid="event-{two_books["note_a"].pk}"' in html and "Siti Anggota A" in html
    assert html.count('data-testid="event-') == 1  # not B's note, not the login
    assert client.post(f"/platform/cooperatives/{coop.pk}/audit/").status_code == 405


def test_only_platform_admins_open_the_platform_trail(client, coop, two_books, manager):
    client.force_login(manager)
    response = client.get(f"/platform/cooperatives/{coop.pk}/audit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
