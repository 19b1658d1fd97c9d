"""Koperasi ERP: the project package and the shared core (tenancy, ledger, accounts, money)."""

from koperasi.celery import app as celery_app

__all__ = ["celery_app"]
