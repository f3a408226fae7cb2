from datetime import datetime

from ninja import Field, Schema

from sevenc.core.schemas import StrictSchema


class FrameworkOut(Schema):
    id: int
    key: str
    name: str
    version: str
    source: str
    shipped: bool
    is_draft: bool = Field(..., description="A derived version still being edited; assessments cannot use it.")
    based_on_id: int | None = Field(None, description="The version this one was derived from.")
    block_count: int
    practice_count: int
    created_at: datetime

    @staticmethod
    def resolve_shipped(obj: object) -> bool:
        return getattr(obj, "workspace_id", None) is None


class LevelOut(Schema):
    level: int
    name: str
    description: str


class PracticeOut(Schema):
    key: str
    name: str
    weight: float = Field(1.0, description="Importance within its area (relative; 0 = not counted).")
    critical: bool = Field(False, description="Caps the area's gated level while it lags.")


class FrameworkAreaOut(Schema):
    key: str
    name: str
    description: str
    weight: float = Field(1.0, description="Importance within its block (relative; 0 = not counted).")
    practices: list[PracticeOut]


class BlockOut(Schema):
    key: str
    name: str
    question: str
    weight: float = Field(1.0, description="Importance within the framework (relative; 0 = not counted).")
    areas: list[FrameworkAreaOut]


class FrameworkTreeOut(Schema):
    id: int
    key: str
    name: str
    version: str
    source: str = Field("", description="Where the content comes from (a note).")
    scale: list[LevelOut]
    blocks: list[BlockOut]


class FrameworkDeriveIn(StrictSchema):
    version: str = Field(..., description="The new version; must be new for this framework key (and not shipped).")
    name: str = Field("", description="Defaults to the source's name.")


class DerivedPracticeIn(StrictSchema):
    area_key: str
    key: str = Field(..., description="Lower-case letters, digits, '.', '_' and '-'; new in the framework.")
    name: str
    weight: float = Field(1.0, ge=0)
    critical: bool = False


class DerivedPracticePatch(StrictSchema):
    weight: float | None = Field(None, ge=0)
    critical: bool | None = None


class DerivedPracticeOut(Schema):
    key: str
    name: str
    area_key: str
    weight: float
    critical: bool

    @staticmethod
    def resolve_area_key(obj: object) -> str:
        return obj.area.key  # type: ignore[attr-defined]
