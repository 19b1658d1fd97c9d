"""Issue 17 item 9: a member is picked by name, member number or NIK — never by chance."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from koperasi.tenancy.context import cooperative_context
from members.form_fields import MemberField
from tests.factories.members import ActiveMemberFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(coop):
    with cooperative_context(coop.pk):
        yield {
            "slamet": ActiveMemberFactory(name="Slamet Riyadi"),
            "slamet_r": ActiveMemberFactory(name="Slamet Rahardjo"),
            "siti": MemberFactory(name="Siti Aminah"),
        }


def pick(text: str):
    return MemberField().clean(text)


def test_a_member_is_named_by_number_as_shown_by_nik_or_by_a_name_only_one_has(people):
    slamet, siti = people["slamet"], people["siti"]
    assert pick(str(slamet.member_no)) == slamet
    assert pick(str(slamet)) == slamet  # "12 · Slamet Riyadi", what the pick list fills in
    assert pick(siti.nik) == siti
    assert pick("aminah") == siti
    assert pick("slamet riyadi") == slamet  # a whole name, though "Slamet" alone names two


def test_a_text_naming_several_members_is_refused_with_their_names(people):
    with pytest.raises(forms.ValidationError) as refused:
        pick("Slamet")
    message = refused.value.messages[0]
    assert str(people["slamet"]) in message and str(people["slamet_r"]) in message


def test_a_text_naming_nobody_is_refused(people):
    with pytest.raises(forms.ValidationError, match="No member matches “Bambang”"):
        pick("Bambang")


def test_the_lookup_offers_matches_with_the_end_of_the_nik_and_the_status(client, coop, staff, people):
    client.force_login(staff)
    lookup = reverse("members:lookup", kwargs={"slug": coop.slug})
    results = client.get(lookup, {"q": "slam"}).json()["results"]
    assert {result["value"] for result in results} == {str(people["slamet"]), str(people["slamet_r"])}
    slamet = next(result for result in results if result["value"] == str(people["slamet"]))
    assert slamet["label"] == f"NIK …{people['slamet'].nik[-4:]} · Member (anggota)"
    assert client.get(lookup, {"q": str(people["siti"])}).json()["results"][0]["value"] == str(people["siti"])


def test_the_lookup_is_for_staff_and_stays_in_the_cooperative(client, coop, other_coop, people):
    from tests.factories.tenancy import user_with_role

    client.force_login(user_with_role(coop, "member", username="anggota"))
    assert client.get(reverse("members:lookup", kwargs={"slug": coop.slug}), {"q": "Slamet"}).status_code == 403
    client.force_login(user_with_role(other_coop, "staff", username="kasir-b"))
    other = client.get(reverse("members:lookup", kwargs={"slug": other_coop.slug}), {"q": "Slamet"})
    assert other.json() == {"results": []}
