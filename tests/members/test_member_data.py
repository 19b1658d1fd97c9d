"""A member downloads their own data from the portal: profile, savings and movements, loans with their
schedules and repayments, SHU — as CSV files and JSON in one ZIP, with nothing of any other member."""

import csv
import datetime
import io
import json
import zipfile

import pytest
from django.urls import reverse

from koperasi.tenancy.context import cooperative_context
from members import services
from tests.factories.accounts import UserFactory
from tests.factories.members import ActiveMemberFactory, disbursed_loan, funded_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_members(coop, manager):
    with cooperative_context(coop.pk):
        result = {}
        for username, name, amount in (("siti", "Siti Aminah", "150000"), ("budi", "Budi Santoso", "270000")):
            member = ActiveMemberFactory(name=name)
            user = UserFactory(username=username)
            services.link_user(actor=manager, member=member, user=user)
            account = funded_account(amount, member=member)
            loan = disbursed_loan("1200000", 12, member=member, on=datetime.date(2026, 1, 10))
            result[username] = {"member": member, "user": user, "account": account, "loan": loan}
        return result


def _download(client, coop, user) -> zipfile.ZipFile:
    client.force_login(user)
    response = client.get(reverse("members:portal-my-data", kwargs={"slug": coop.slug}))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def _rows(archive, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def test_a_member_downloads_their_own_profile_savings_and_loans(client, coop, two_members):
    siti, budi = two_members["siti"], two_members["budi"]
    archive = _download(client, coop, siti["user"])
    profile = json.loads(archive.read("profile.json"))
    assert profile["member"]["name"] == "Siti Aminah" and profile["member"]["member_no"] == siti["member"].member_no
    assert [row["id"] for row in _rows(archive, "savings_accounts.csv")] == [str(siti["account"].pk)]
    movements = _rows(archive, "savings_transactions.csv")
    assert [(row["kind"], row["amount"]) for row in movements] == [("deposit", "150000.00")]
    assert [row["id"] for row in _rows(archive, "loans.csv")] == [str(siti["loan"].pk)]
    schedule = _rows(archive, "loan_installments.csv")
    assert len(schedule) == 12 and {row["loan_id"] for row in schedule} == {str(siti["loan"].pk)}
    assert profile["rows"]["loan_installments.csv"] == 12
    assert "shu_shares.csv" in archive.namelist()
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Budi Santoso" not in everything and b"270000" not in everything
    repaid_loans = {row["loan_id"] for row in _rows(archive, "loan_repayments.csv")}
    assert repaid_loans <= {str(siti["loan"].pk)} and str(budi["loan"].pk) != str(siti["loan"].pk)


def test_the_other_member_gets_only_theirs(client, coop, two_members):
    budi = two_members["budi"]
    archive = _download(client, coop, budi["user"])
    assert json.loads(archive.read("profile.json"))["member"]["name"] == "Budi Santoso"
    accounts = {row["member_id"] for row in _rows(archive, "savings_accounts.csv")}
    assert accounts == {str(budi["member"].pk)}
    assert [row["id"] for row in _rows(archive, "loans.csv")] == [str(budi["loan"].pk)]
    assert b"Siti Aminah" not in b"".join(archive.read(name) for name in archive.namelist())


def test_the_portal_offers_the_download_and_staff_cannot_use_it(client, coop, two_members, staff):
    client.force_login(two_members["siti"]["user"])
    home = client.get(reverse("members:portal", kwargs={"slug": coop.slug})).content.decode()
    assert 'data-testid="my-data"' in home
    client.force_login(staff)
    assert client.get(reverse("members:portal-my-data", kwargs={"slug": coop.slug})).status_code == 403
