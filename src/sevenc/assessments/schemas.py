import datetime as dt

from ninja import Field, Schema

from sevenc.core.schemas import StrictSchema, VersionIn  # noqa: F401 - re-exported


class AssessmentIn(StrictSchema):
    client_id: int
    framework_id: int | None = Field(None, description="Defaults to the newest shipped 7C framework.")
    title: str = Field(..., min_length=1, max_length=200)
    period: str = Field("", max_length=20, description="e.g. 2026-Q4")
    assessed_on: dt.date
    copy_from_id: int | None = Field(
        None, description="An earlier assessment of the same client whose answers are copied forward."
    )


class AssessmentPatch(StrictSchema):
    version: int = Field(..., description="The version you read; a stale one gets 409 and changes nothing.")
    title: str | None = Field(None, min_length=1, max_length=200)
    period: str | None = Field(None, max_length=20)
    assessed_on: dt.date | None = None


class AssessmentOut(Schema):
    id: int
    client_id: int
    framework_id: int
    framework_key: str = Field(..., alias="framework.key")
    framework_version: str = Field(..., alias="framework.version")
    title: str
    period: str
    assessed_on: dt.date
    status: str
    based_on_id: int | None
    finalised_at: dt.datetime | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class AnswerIn(StrictSchema):
    version: int = Field(
        ..., description="The answer's version you read; a stale one gets 409 with the current answer."
    )
    state: str | None = Field(None, description='"level", "na" (not applicable), "unknown", or "" to clear.')
    level: int | None = Field(None, ge=0, le=5, description='0–5, with state "level".')
    note: str | None = None
    note_shared: bool | None = Field(None, description="Show the note to the client; otherwise internal only.")
    evidence_url: str | None = Field(None, max_length=500)


class AnswerBulkItem(AnswerIn):
    practice_key: str


class AnswerBulkIn(StrictSchema):
    answers: list[AnswerBulkItem] = Field(..., min_length=1, max_length=1000)


class AnswerOut(Schema):
    id: int
    practice_key: str = Field(..., alias="practice.key")
    state: str
    level: int | None
    note: str
    note_shared: bool
    evidence_url: str
    answered_by: str | None = None
    answered_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_answered_by(obj: object) -> str | None:
        user = getattr(obj, "answered_by", None)
        return user.email if user is not None else None


class ScoreOut(Schema):
    score: float | None = Field(..., description="0–100; None when nothing under it has a level yet.")
    coverage: float = Field(..., description="0–1: the weighted share of applicable practices that have a level.")
    pessimistic: float | None = Field(..., description="The score with Unknown/unanswered practices counted as 0.")
    provisional: bool = Field(..., description="Coverage under 70 %.")
    gated_level: int = Field(..., description="0–5: the level every part has reached (see docs/scoring.md).")
    applicable: bool
    answered: int
    total: int
    na: int
    unknown: int


class NamedScoreOut(ScoreOut):
    key: str
    name: str


class AreaScoreOut(NamedScoreOut):
    block_key: str


class ProgressOut(Schema):
    answered: int
    total: int
    na: int
    unknown: int
    unanswered: int


class ScoresOut(Schema):
    assessment_id: int
    overall: ScoreOut
    blocks: list[NamedScoreOut]
    areas: list[AreaScoreOut]
    progress: ProgressOut
