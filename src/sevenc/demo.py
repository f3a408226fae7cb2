"""The demo workspace: an MSP called Northwind IT Partners, its staff and a handful of clients.

``demo_load`` goes through the tenancy services, so the activity log reads as if people had typed it
in. It looks everything up by name before creating it: running it again creates nothing and leaves
changed passwords alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from sevenc.assessments.demo import demo_history
from sevenc.catalog import services as catalog_services
from sevenc.core.domain.roles import ClientRole, StaffRole
from sevenc.planning.demo import demo_meetings, demo_plan, demo_strategy
from sevenc.responsibility.demo import demo_matrix
from sevenc.responsibility.library import library_load_shipped
from sevenc.tenancy import selectors as tenancy_selectors
from sevenc.tenancy import services as tenancy_services
from sevenc.tenancy.models import PartyKind, Workspace

DEMO_PASSWORD = "sevenc-demo"
DEMO_SLUG = "demo"
DEMO_CURRENCY = "USD"  # the demo's clients are in the US
MSP_NAME = "Northwind IT Partners"
MSP_DOMAIN = "demo.sevenc.local"

STAFF = [
    (StaffRole.OWNER, f"owner@{MSP_DOMAIN}", "Olivia Hart"),
    (StaffRole.VCIO, f"vcio@{MSP_DOMAIN}", "Victor Chen"),
    (StaffRole.ANALYST, f"analyst@{MSP_DOMAIN}", "Anna Kowalski"),
    (StaffRole.VIEWER, f"viewer@{MSP_DOMAIN}", "Vera Lindqvist"),
]


@dataclass(frozen=True)
class DemoInfo:
    workspace: Workspace
    logins: tuple[tuple[str, str, str], ...]  # (role, email, password)
    created: bool  # the workspace was created by this call


def _msp(notes: str = "Managed services, helpdesk and vCIO.") -> dict[str, Any]:
    return {
        "name": MSP_NAME,
        "kind": PartyKind.MSP,
        "contact_name": "Victor Chen",
        "email": f"vcio@{MSP_DOMAIN}",
        "phone": "+1 503 555 0100",
        "website": "https://northwind-it.example",
        "notes": notes,
    }


def _m365(contact: str = "") -> dict[str, Any]:
    return {
        "name": "Microsoft 365",
        "kind": PartyKind.CLOUD_VENDOR,
        "website": "https://www.microsoft.com/microsoft-365",
        "notes": f"Business Premium tenant. {contact}".strip(),
    }


# Each client: fields for client_create, the portal executive (or None), its parties.
CLIENTS: list[dict[str, Any]] = [
    {
        "client": {
            "name": "Harbourview Dental Group",
            "seats": 45,
            "industry": "Healthcare — dental clinics",
            "address": "118 Harbour Street, Suite 200\nPortland, OR 97204",
            "notes": "Three clinics. Patient records in the practice-management system; HIPAA audit due in Q3.",
        },
        "executive": ("ceo@harbourview-dental.example", "Dr. Helen Marsh"),
        "parties": [
            _msp("Managed services since 2021; quarterly business reviews with the CEO."),
            {
                "name": "CEO",
                "kind": PartyKind.INTERNAL_ROLE,
                "contact_name": "Dr. Helen Marsh",
                "email": "ceo@harbourview-dental.example",
                "notes": "Signs off the IT budget.",
            },
            {
                "name": "Office manager",
                "kind": PartyKind.INTERNAL_ROLE,
                "contact_name": "Paula Jensen",
                "email": "office@harbourview-dental.example",
                "notes": "First contact for user requests.",
            },
            {
                "name": "Cascade Fiber",
                "kind": PartyKind.ISP,
                "contact_name": "Business support",
                "phone": "+1 503 555 0142",
                "website": "https://cascadefiber.example",
                "notes": "500/500 fibre at each clinic, LTE backup at the main site.",
            },
            {
                "name": "DentalSuite Practice Management",
                "kind": PartyKind.SOFTWARE_VENDOR,
                "contact_name": "Account manager",
                "email": "support@dentalsuite.example",
                "website": "https://dentalsuite.example",
                "notes": "Scheduling, charting and billing.",
            },
            {
                "name": "QuickLedger Accounting",
                "kind": PartyKind.SOFTWARE_VENDOR,
                "website": "https://quickledger.example",
                "notes": "Accounting; used by the external bookkeeper.",
            },
            _m365(),
            {
                "name": "Dell Technologies",
                "kind": PartyKind.HARDWARE_VENDOR,
                "website": "https://www.dell.com",
                "notes": "Workstations and the server in the main clinic; 3-year ProSupport.",
            },
            {
                "name": "Sirona Imaging Support",
                "kind": PartyKind.HARDWARE_VENDOR,
                "contact_name": "Field service",
                "notes": "X-ray and intraoral scanners; vendor-managed PCs.",
            },
            {
                "name": "Compliance consultant",
                "kind": PartyKind.CONSULTANT,
                "contact_name": "Mark Oduya",
                "email": "mark@hipaa-advisors.example",
                "notes": "Yearly HIPAA risk assessment.",
            },
        ],
    },
    {
        "client": {
            "name": "Meridian Logistics",
            "seats": 180,
            "industry": "Transport and logistics",
            "address": "4200 Terminal Way\nTacoma, WA 98421",
            "notes": "Two warehouses and a 24/7 dispatch desk. Uptime of the WMS is the main concern.",
        },
        "executive": ("ceo@meridian-logistics.example", "Daniel Reyes"),
        "parties": [
            _msp("Managed services, NOC monitoring, vCIO."),
            {
                "name": "CEO",
                "kind": PartyKind.INTERNAL_ROLE,
                "contact_name": "Daniel Reyes",
                "email": "ceo@meridian-logistics.example",
            },
            {
                "name": "COO",
                "kind": PartyKind.INTERNAL_ROLE,
                "contact_name": "Priya Natarajan",
                "email": "coo@meridian-logistics.example",
                "notes": "Owns the warehouse systems.",
            },
            {
                "name": "Internal IT administrator",
                "kind": PartyKind.INTERNAL_ROLE,
                "contact_name": "Sam Fowler",
                "email": "it@meridian-logistics.example",
                "notes": "On site, handles scanners and printers.",
            },
            {
                "name": "PacificNet Business",
                "kind": PartyKind.ISP,
                "phone": "+1 253 555 0199",
                "website": "https://pacificnet.example",
                "notes": "Dual fibre lines with BGP failover.",
            },
            {
                "name": "Dynamics 365 Business Central",
                "kind": PartyKind.SOFTWARE_VENDOR,
                "contact_name": "ERP partner: Evergreen ERP",
                "email": "support@evergreen-erp.example",
                "notes": "ERP and accounting; partner on a yearly support contract.",
            },
            {
                "name": "ShipStream WMS",
                "kind": PartyKind.SOFTWARE_VENDOR,
                "website": "https://shipstream.example",
                "notes": "Warehouse management, SaaS.",
            },
            _m365("Email, Teams, SharePoint."),
            {
                "name": "Zebra Technologies",
                "kind": PartyKind.HARDWARE_VENDOR,
                "website": "https://www.zebra.com",
                "notes": "Handheld scanners and label printers.",
            },
            {
                "name": "HP Inc.",
                "kind": PartyKind.HARDWARE_VENDOR,
                "website": "https://www.hp.com",
                "notes": "Laptops and desktops.",
            },
            {
                "name": "Security consultant",
                "kind": PartyKind.CONSULTANT,
                "contact_name": "Redline Security",
                "email": "hello@redline-security.example",
                "notes": "Yearly penetration test.",
            },
        ],
    },
    {
        "client": {
            "name": "Oakridge Precision Manufacturing",
            "seats": 240,
            "industry": "Manufacturing — CNC machining",
            "address": "77 Foundry Road\nDayton, OH 45402",
            "notes": "Shop-floor PCs tied to CNC machines; ERP upgrade planned for next year.",
        },
        "executive": None,
        "parties": [
            _msp(),
            {"name": "CEO", "kind": PartyKind.INTERNAL_ROLE, "contact_name": "Graham Whitfield"},
            {
                "name": "CFO",
                "kind": PartyKind.INTERNAL_ROLE,
                "contact_name": "Laura Benson",
                "notes": "Approves capital expenses above $5,000.",
            },
            {"name": "Production IT lead", "kind": PartyKind.INTERNAL_ROLE, "contact_name": "Tom Becker"},
            {"name": "Buckeye Broadband", "kind": PartyKind.ISP, "website": "https://buckeye-broadband.example"},
            {
                "name": "Epicor Kinetic",
                "kind": PartyKind.SOFTWARE_VENDOR,
                "website": "https://www.epicor.com",
                "notes": "ERP, MRP and accounting.",
            },
            _m365(),
            {"name": "Lenovo", "kind": PartyKind.HARDWARE_VENDOR, "website": "https://www.lenovo.com"},
            {
                "name": "ERP implementation consultant",
                "kind": PartyKind.CONSULTANT,
                "contact_name": "Kim Alvarez",
                "email": "kim@erp-advisors.example",
                "notes": "Leads the ERP upgrade project.",
            },
        ],
    },
    {
        "client": {
            "name": "Bramwell & Fitch LLP",
            "seats": 62,
            "industry": "Legal services",
            "address": "900 Market Street, 12th floor\nSan Francisco, CA 94102",
            "notes": "Document management is critical; partners work remotely half the week.",
        },
        "executive": None,
        "parties": [
            _msp(),
            {"name": "Managing partner", "kind": PartyKind.INTERNAL_ROLE, "contact_name": "Eleanor Bramwell"},
            {"name": "Office manager", "kind": PartyKind.INTERNAL_ROLE, "contact_name": "Jorge Medina"},
            {"name": "Bay Metro Fiber", "kind": PartyKind.ISP, "website": "https://baymetrofiber.example"},
            {
                "name": "iManage",
                "kind": PartyKind.SOFTWARE_VENDOR,
                "website": "https://imanage.com",
                "notes": "Document management, cloud.",
            },
            {
                "name": "Clio",
                "kind": PartyKind.SOFTWARE_VENDOR,
                "website": "https://www.clio.com",
                "notes": "Practice management, time and billing.",
            },
            _m365(),
            {
                "name": "Apple",
                "kind": PartyKind.HARDWARE_VENDOR,
                "website": "https://www.apple.com",
                "notes": "MacBooks for partners.",
            },
        ],
    },
    {
        "client": {
            "name": "Sunfield Organic Foods",
            "seats": 120,
            "industry": "Food wholesale",
            "address": "2500 Orchard Lane\nFresno, CA 93721",
            "notes": "Cold-chain sensors, EDI with grocery chains. Seasonal staff each autumn.",
        },
        "executive": None,
        "parties": [
            _msp(),
            {"name": "CEO", "kind": PartyKind.INTERNAL_ROLE, "contact_name": "Rosa Delgado"},
            {"name": "Office manager", "kind": PartyKind.INTERNAL_ROLE, "contact_name": "Ben Carter"},
            {"name": "Central Valley Telecom", "kind": PartyKind.ISP, "website": "https://cvtelecom.example"},
            {
                "name": "NetSuite",
                "kind": PartyKind.SOFTWARE_VENDOR,
                "website": "https://www.netsuite.com",
                "notes": "ERP and accounting.",
            },
            {"name": "TrueCommerce EDI", "kind": PartyKind.SOFTWARE_VENDOR, "notes": "EDI with retail customers."},
            _m365(),
            {
                "name": "Cisco Meraki",
                "kind": PartyKind.HARDWARE_VENDOR,
                "website": "https://meraki.cisco.com",
                "notes": "Firewalls, switches and Wi-Fi in the warehouse.",
            },
            {"name": "Food-safety consultant", "kind": PartyKind.CONSULTANT, "contact_name": "Dana Whitaker"},
        ],
    },
    {
        "client": {
            "name": "Cedar Valley Credit Union",
            "seats": 85,
            "industry": "Financial services",
            "address": "15 Main Street\nBoise, ID 83702",
            "notes": "Regulated: yearly IT examination. Core banking is hosted by the vendor.",
        },
        "executive": None,
        "parties": [
            _msp("Managed services and security monitoring."),
            {"name": "CEO", "kind": PartyKind.INTERNAL_ROLE, "contact_name": "Martin Greene"},
            {"name": "Compliance officer", "kind": PartyKind.INTERNAL_ROLE, "contact_name": "Aisha Rahman"},
            {"name": "Gem State Networks", "kind": PartyKind.ISP, "website": "https://gemstatenet.example"},
            {
                "name": "Fiserv core banking",
                "kind": PartyKind.SOFTWARE_VENDOR,
                "website": "https://www.fiserv.com",
                "notes": "Hosted core; SLA reviewed yearly.",
            },
            {"name": "Sage Intacct", "kind": PartyKind.SOFTWARE_VENDOR, "notes": "Accounting."},
            _m365(),
            {"name": "Dell Technologies", "kind": PartyKind.HARDWARE_VENDOR, "website": "https://www.dell.com"},
            {"name": "External IT auditor", "kind": PartyKind.CONSULTANT, "contact_name": "Birch & Lowe CPAs"},
            {"name": "Cybersecurity consultant", "kind": PartyKind.CONSULTANT, "contact_name": "Redline Security"},
        ],
    },
    {
        "client": {
            "name": "Lumen Architecture Studio",
            "seats": 24,
            "industry": "Architecture and design",
            "address": "310 Pearl Street\nDenver, CO 80203",
            "notes": "Large CAD files; everyone works from the studio or from home.",
        },
        "executive": None,
        "parties": [
            _msp(),
            {"name": "Principal", "kind": PartyKind.INTERNAL_ROLE, "contact_name": "Nadia Okafor"},
            {"name": "Office manager", "kind": PartyKind.INTERNAL_ROLE, "contact_name": "Lucas Webb"},
            {"name": "Front Range Internet", "kind": PartyKind.ISP, "website": "https://frontrange.example"},
            {
                "name": "Autodesk",
                "kind": PartyKind.SOFTWARE_VENDOR,
                "website": "https://www.autodesk.com",
                "notes": "AutoCAD and Revit subscriptions.",
            },
            {
                "name": "Xero",
                "kind": PartyKind.SOFTWARE_VENDOR,
                "website": "https://www.xero.com",
                "notes": "Accounting.",
            },
            _m365(),
            {"name": "Synology", "kind": PartyKind.HARDWARE_VENDOR, "notes": "File server with cloud backup."},
        ],
    },
]


def _log(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        print(text, file=stdout, flush=True)


def _user(*, email: str, full_name: str, stdout: TextIO | None) -> Any:
    """Find or create a user; a new one gets the demo password."""
    user, created = tenancy_services.user_get_or_create(email=email, full_name=full_name)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        _log(stdout, f"  user {email}")
    return user


@transaction.atomic
def demo_load(*, stdout: TextIO | None = None) -> DemoInfo:
    """Create the demo workspace and its clients, or fill in whatever is missing."""
    logins: list[tuple[str, str, str]] = []
    owner_role, owner_email, owner_name = STAFF[0]
    owner = _user(email=owner_email, full_name=owner_name, stdout=stdout)
    workspace = Workspace.objects.filter(slug=DEMO_SLUG).first()
    created = workspace is None
    if workspace is None:
        workspace = tenancy_services.workspace_create(
            name=MSP_NAME, owner=owner, slug=DEMO_SLUG, currency=DEMO_CURRENCY
        )
        _log(stdout, f"  workspace {MSP_NAME}")
    elif workspace.currency != DEMO_CURRENCY:  # a demo made before the currency was the workspace's
        tenancy_services.workspace_currency_set(workspace=workspace, actor=owner, currency=DEMO_CURRENCY)
    logins.append((owner_role.value, owner_email, DEMO_PASSWORD))

    members = {m.user.email: m for m in tenancy_selectors.membership_list(workspace=workspace)}
    owner_membership = members.get(owner_email)
    if owner_membership is None:
        raise RuntimeError(f"{owner_email} is not a member of the workspace with slug {DEMO_SLUG!r}")
    for role, email, full_name in STAFF[1:]:
        _user(email=email, full_name=full_name, stdout=stdout)
        if email not in members:
            tenancy_services.membership_add(
                workspace=workspace, actor_membership=owner_membership, email=email, role=role, full_name=full_name
            )
        logins.append((role.value, email, DEMO_PASSWORD))

    framework = catalog_services.framework_load_shipped()[0].framework
    library_load_shipped()
    vcio = _user(email=STAFF[1][1], full_name=STAFF[1][2], stdout=stdout)
    today = timezone.localdate()
    existing = {c.name.lower(): c for c in tenancy_selectors.client_list(workspace=workspace, archived=None)}
    for number, spec in enumerate(CLIENTS):
        fields = spec["client"]
        client = existing.get(fields["name"].lower())
        if client is None:
            client = tenancy_services.client_create(workspace=workspace, actor=owner, **fields)
            _log(stdout, f"  client {client.name}")
        parties = {p.name.lower() for p in tenancy_selectors.party_list(workspace=workspace, client=client)}
        for party in spec["parties"]:
            if party["name"].lower() not in parties:
                tenancy_services.party_create(workspace=workspace, actor=owner, client=client, **party)
        if spec["executive"] is not None:
            email, full_name = spec["executive"]
            user = _user(email=email, full_name=full_name, stdout=stdout)
            portal_users = {
                cm.user_id for cm in tenancy_selectors.client_membership_list(workspace=workspace, client=client)
            }
            if user.pk not in portal_users:
                tenancy_services.client_membership_add(
                    workspace=workspace,
                    actor=owner,
                    client=client,
                    email=email,
                    role=ClientRole.EXECUTIVE,
                    full_name=full_name,
                )
            logins.append((f"{ClientRole.EXECUTIVE.value} ({client.name})", email, DEMO_PASSWORD))
        made = demo_history(
            workspace=workspace, actor=vcio, client=client, framework=framework, today=today, draft_latest=number == 1
        )
        if made:
            _log(stdout, f"  {made} quarterly ITCq assessments for {client.name}")
        # the matrix before the plan: the proposals from gaps are staffed from it
        cells = demo_matrix(workspace=workspace, actor=vcio, client=client, seed=number)
        if cells:
            _log(stdout, f"  a responsibility matrix of {cells} roles for {client.name}")
        planned = demo_plan(workspace=workspace, actor=vcio, client=client, approve=number == 0)
        if planned:
            _log(stdout, f"  {planned} action items and a roadmap for {client.name}")
        met = demo_meetings(workspace=workspace, actor=vcio, client=client, now=timezone.now())
        if met:
            _log(stdout, f"  {met} review meetings for {client.name}")
        if number == 0 and demo_strategy(workspace=workspace, actor=vcio, client=client, today=today):
            _log(stdout, f"  a strategy session and its operational plan for {client.name}")
    return DemoInfo(workspace=workspace, logins=tuple(logins), created=created)
