
from datetime import datetime

from ninja import Schema


class FrameworkOut(Schema):
    id: int
    key: str
    name: str
    version: str
    source: str
    shipped: bool
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


class AreaOut(Schema):
    key: str
    name: str
    description: str
    practices: list[PracticeOut]


class BlockOut(Schema):
    key: str
    name: str
    question: str
    areas: list[AreaOut]


class FrameworkTreeOut(Schema):
    id: int
    key: str
    name: str
    version: str
    scale: list[LevelOut]
    blocks: list[BlockOut]
