from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig


class DomainConfig(AppConfig):
    """An app whose sub-domains are sub-packages (``planning/strategy/``), each with the same files as the app.

    Their models belong to the app (one label, one migration history); Django imports only ``<app>.models``, so
    the sub-packages' ``models`` modules are imported here, after it. docs/architecture.md.
    """

    subdomains: tuple[str, ...] = ()
    default = False  # never picked for an app itself; each app's own subclass sets default = True

    def import_models(self) -> None:
        super().import_models()
        for sub in self.subdomains:
            name = f"{self.name}.{sub}.models"
            if find_spec(name) is not None:
                import_module(name)


class CoreConfig(AppConfig):
    name = "sevenc.core"
    label = "core"
