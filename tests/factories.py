"""factory_boy factories. A child takes its workspace from its parent, so fixtures cannot straddle tenants."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from sevenc.core.domain.roles import ClientRole, StaffRole
from sevenc.tenancy.models import Client, ClientMembership, Membership, Party, PartyKind, Workspace

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class WorkspaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workspace

    name = factory.Sequence(lambda n: f"MSP {n}")
    slug = factory.Sequence(lambda n: f"msp-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    workspace = factory.SubFactory(WorkspaceFactory)
    user = factory.SubFactory(UserFactory)
    role = StaffRole.VCIO


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Client {n} Ltd")
    seats = 40
    industry = "Manufacturing"


class ClientMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClientMembership

    client = factory.SubFactory(ClientFactory)
    workspace = factory.LazyAttribute(lambda o: o.client.workspace)
    user = factory.SubFactory(UserFactory)
    role = ClientRole.EXECUTIVE


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    client = factory.SubFactory(ClientFactory)
    workspace = factory.LazyAttribute(lambda o: o.client.workspace)
    name = factory.Sequence(lambda n: f"Party {n}")
    kind = PartyKind.SOFTWARE_VENDOR
    email = factory.Sequence(lambda n: f"contact{n}@vendor.example")
