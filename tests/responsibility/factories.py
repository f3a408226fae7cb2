"""factory_boy factories for responsibility."""

from __future__ import annotations

import factory

from sevenc.responsibility.models import ResponsibilityArea


class ResponsibilityAreaFactory(factory.django.DjangoModelFactory):
    """A responsibility area of the shipped library (``workspace=None``) unless given a workspace, in the
    Continuous block's backup area, of high criticality."""

    class Meta:
        model = ResponsibilityArea

    workspace = None
    key = factory.Sequence(lambda n: f"backup.area-{n}")
    title = factory.LazyAttribute(lambda o: o.key)
    group = "Backup"
    block_key = "continuous"
    area_key = "continuous.backup"
    practice_key = "continuous.backup.x"
    criticality = "high"
