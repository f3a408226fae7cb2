"""Demo matrices: a realistic split of duties between the MSP, the client's own people and its vendors, with the
gaps a first workshop usually finds (duties nobody holds, a vendor nobody watches). Only for a client whose
matrix is empty."""

from __future__ import annotations

import random
from typing import Any

from sevenc.responsibility import selectors, services
from sevenc.responsibility.models import Assignment
from sevenc.responsibility.services import CellChange
from sevenc.tenancy.models import PartyKind

OPERATIONAL = {"continuous", "competent", "charged"}


def demo_matrix(*, workspace: Any, actor: Any, client: Any, seed: int = 0) -> int:
    """Fill the client's matrix; returns the number of cells set (0 when it has some already)."""
    if Assignment.objects.for_workspace(workspace).filter(client=client).exists():
        return 0
    view = selectors.matrix_get(workspace=workspace, client=client)
    by_kind: dict[str, list[Any]] = {}
    for p in view.parties:
        by_kind.setdefault(p.kind, []).append(p)
    msp = (by_kind.get(PartyKind.MSP) or [None])[0]
    internal = by_kind.get(PartyKind.INTERNAL_ROLE, []) + by_kind.get(PartyKind.PERSON, [])
    ceo = next((p for p in internal if "ceo" in p.name.lower()), internal[0] if internal else None)
    staff = [p for p in internal if p is not ceo]
    vendors = [
        p
        for k in (
            PartyKind.SOFTWARE_VENDOR,
            PartyKind.CLOUD_VENDOR,
            PartyKind.ISP,
            PartyKind.HARDWARE_VENDOR,
            PartyKind.CONSULTANT,
        )
        for p in by_kind.get(k, [])
    ]
    if msp is None or ceo is None:
        return 0
    rnd = random.Random(seed)
    changes: list[CellChange] = []
    for area in view.areas:
        roll = rnd.random()
        if roll < 0.08:
            continue  # nobody: it falls to the CEO
        cells: dict[int, str] = {}
        if area.block_key in OPERATIONAL:
            doer = rnd.choice(vendors) if vendors and roll > 0.85 else msp
            cells[doer.pk] = "R"
            if roll > 0.12:
                cells.setdefault(msp.pk if doer is not msp else ceo.pk, "A")
        else:
            doer = rnd.choice(staff) if staff and roll > 0.6 else msp
            cells[doer.pk] = "R"
            if roll > 0.15:
                cells.setdefault(ceo.pk, "A")
        if staff and rnd.random() < 0.3:
            cells.setdefault(rnd.choice(staff).pk, "I")
        if rnd.random() < 0.15:
            cells.setdefault(ceo.pk, "C")
        changes += [CellChange(area.pk, party, role, "") for party, role in cells.items()]
    return services.matrix_save(workspace=workspace, actor=actor, client=client, changes=changes)
