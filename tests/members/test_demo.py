"""The members demo step: plausible members in each demo cooperative, idempotent."""

import pytest

from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.demo import DEMO_COOPERATIVES, cooperatives, demo_cooperative
from members.demo import MEMBERS, members
from members.models import Member
from members.validators import nik_agreement_errors, nik_errors

pytestmark = pytest.mark.django_db


def test_demo_members_are_valid_and_loading_twice_changes_nothing():
    cooperatives()
    logins = members()
    assert len(logins) == len(DEMO_COOPERATIVES)
    counts = {}
    for slug in MEMBERS:
        with cooperative_context(demo_cooperative(slug).pk):
            rows = list(Member.objects.order_by("member_no"))
            counts[slug] = len(rows)
            assert 8 <= len(rows) <= 12
            assert [row.member_no for row in rows] == list(range(1, len(rows) + 1))
            for row in rows:
                assert nik_errors(row.nik) == []
                assert nik_agreement_errors(row.nik, row.birth_date, row.sex) == {}
            assert rows[0].user is not None
    with cooperative_context(demo_cooperative("kud-mina").pk):
        assert Member.objects.filter(occupation="nelayan").count() >= 6
    with cooperative_context(demo_cooperative("kpbs-pangalengan").pk):
        assert Member.objects.filter(occupation="peternak").count() >= 6
    members()
    for slug, count in counts.items():
        with cooperative_context(demo_cooperative(slug).pk):
            assert Member.objects.count() == count
