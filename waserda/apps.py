from django.apps import AppConfig


class WaserdaConfig(AppConfig):
    name = "waserda"
