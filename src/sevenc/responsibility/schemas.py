"""API schemas for responsibility areas, their PSA mapping and a client's matrix (input and output kept apart)."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Field, Schema

from sevenc.core.schemas import StrictSchema

CriticalityIn = Literal["high", "medium", "low"]
MAX_CELLS = 20_000  # 250 areas × 80 parties


# --- areas -------------------------------------------------------------------------------------------------------


class AreaFilter(StrictSchema):
    block: str = Field("", max_length=100, description="A 7C block key, e.g. `continuous`.")
    group: str = Field("", max_length=120, description="The group's name, exactly.")
    criticality: CriticalityIn | None = None
    q: str = Field("", max_length=100, description="Searches the duty, the group and the key.")
    include_hidden: bool = Field(False, description="Also the areas the workspace hid (they carry `hidden`).")


class AreaIn(StrictSchema):
    key: str = Field(
        ..., min_length=1, max_length=120, description="Unique in the workspace and the library; stored in lowercase."
    )
    title: str = Field(..., min_length=1, max_length=300, description="The duty.")
    group: str = Field("", max_length=120)
    practice_key: str = Field(..., min_length=1, max_length=250, description="The 7C practice the duty serves.")
    criticality: CriticalityIn = "medium"
    description: str = Field("", max_length=5000)


class PsaIn(StrictSchema):
    board: str = Field("", max_length=100)
    queue: str = Field("", max_length=100)
    category: str = Field("", max_length=100)


class PsaOut(Schema):
    board: str
    queue: str
    category: str


class ResponsibilityAreaOut(Schema):
    id: int
    key: str
    title: str = Field(..., description="The duty.")
    group: str
    description: str
    block_key: str
    area_key: str
    practice_key: str
    criticality: str
    position: int
    shipped: bool = Field(
        ..., description="From the shipped library (the same for every workspace); false: the workspace's own."
    )
    hidden: bool = Field(..., description="Hidden in this workspace: left out of its matrices.")
    psa: PsaOut | None = Field(..., description="Where tickets about the area go in the PSA; null: not mapped.")

    @staticmethod
    def resolve_shipped(obj: Any) -> bool:
        return obj.workspace_id is None

    @staticmethod
    def resolve_hidden(obj: Any) -> bool:
        return bool(getattr(obj, "is_hidden", False))

    @staticmethod
    def resolve_psa(obj: Any) -> dict[str, str] | None:
        values = {f: getattr(obj, f"psa_{f}", None) for f in ("board", "queue", "category")}
        if all(v is None for v in values.values()):
            return None
        return {k: v or "" for k, v in values.items()}


# --- the matrix ------------------------------------------------------------------------------------------------


class MatrixCellOut(Schema):
    party_id: int
    role: str = Field(..., description="R, A, C or I.")


class MatrixAreaOut(Schema):
    id: int
    key: str
    title: str
    group: str
    block_key: str
    practice_key: str
    criticality: str
    shipped: bool
    cells: list[MatrixCellOut] = Field(..., description="The parties with a role in this area (empty cells left out).")
    falls_to_ceo: bool = Field(..., description="No one responsible or no one accountable: it falls to the CEO.")


class MatrixPartyOut(Schema):
    id: int
    name: str
    kind: str


class MatrixOut(Schema):
    client_id: int
    parties: list[MatrixPartyOut]
    areas: list[MatrixAreaOut]
    gaps: int = Field(..., description="Areas with no one responsible or no one accountable.")


class CellIn(StrictSchema):
    area_id: int
    party_id: int = Field(..., description="A party of this client.")
    role: str = Field(..., max_length=3, description='R, A, C, I (any case) or "" to clear the cell.')
    seen: str = Field(
        ...,
        max_length=3,
        description='The role you read in the cell ("" for none); a cell that '
        "holds another role now refuses the whole save (409).",
    )


class MatrixPatch(StrictSchema):
    cells: list[CellIn] = Field(..., min_length=1, max_length=MAX_CELLS)


class MatrixPatchOut(Schema):
    changed: int = Field(..., description="Cells written (a cell already holding the role is not counted).")


class ConflictCellOut(Schema):
    area_id: int
    party_id: int
    role: str = Field(..., description='The role the cell holds now ("" for none).')


class MatrixConflictOut(Schema):
    cells: list[ConflictCellOut]


class ExportQuery(StrictSchema):
    format: Literal["csv", "xlsx"] = "csv"


class MatrixImportOut(Schema):
    changed: int = Field(..., description="Cells written.")
    unchanged: int = Field(..., description="Cells of the file that already held its role.")


class FindingOut(Schema):
    kind: str
    severity: str = Field(description="high, medium or low")
    sentence: str = Field(description="The finding in plain English, for the client's executives")
    area_ids: list[int]
    party_ids: list[int]


class PartyLoadOut(Schema):
    party_id: int
    responsible: int
    accountable: int
    consulted: int
    informed: int
    weighted: float = Field(description="Σ criticality weight (high 3, medium 2, low 1) over its R and A cells")


class AnalysisOut(Schema):
    falls_to_ceo: list[int] = Field(description="Areas with no one responsible or no one accountable")
    no_responsible: list[int]
    no_accountable: list[int]
    several_accountable: list[list[int]] = Field(description="[area id, party id, party id, …]")
    single_points_of_failure: list[list[int]] = Field(
        description="[party id, area id, …]: the only R of those high-criticality areas, with no backup"
    )
    load: list[PartyLoadOut]
    findings: list[FindingOut]


# --- templates and starters ------------------------------------------------------------------------------------


class TemplateSlotOut(Schema):
    key: str = Field(..., description="What `mapping` names: a starter's slot (`msp`, `management`…) or a party kind.")
    name: str
    kinds: list[str] = Field(..., description="The party kinds that fill it, likeliest first.")
    required: bool = Field(..., description="Holds Accountable or the only Responsible roles: cannot be left out.")


class TemplateOut(Schema):
    ref: str = Field(..., description="`starter:<key>` for a shipped starter, `template:<id>` for the workspace's.")
    name: str
    description: str
    starter: bool
    slots: list[TemplateSlotOut]


class TemplateApplyIn(StrictSchema):
    template: str = Field(..., min_length=1, max_length=60, description="`starter:<key>` or `template:<id>`.")
    mapping: dict[str, int | None] = Field(
        ...,
        max_length=50,
        description="Every slot of the template → the id of one of the client's parties, or null to leave an "
        "optional slot out.",
    )


class TemplateApplyOut(Schema):
    set: int = Field(..., description="Cells filled (only cells that were empty).")
    kept: int = Field(..., description="Cells the template would fill that the matrix already decides.")
    left_out: list[str] = Field(..., description="The slots left out, by name.")
    gaps: int = Field(..., description="Areas still with no one responsible or no one accountable.")
