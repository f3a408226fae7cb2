"""What the tests build catalogs from: the shipped frameworks (loaded once per test database, see tests/conftest.py)
and small framework documents for tests that need a framework of a given size."""

from __future__ import annotations

import functools
from typing import Any

from sevenc.catalog.models import Framework
from sevenc.catalog.services import SHIPPED_DIR, framework_document_parse, framework_load_shipped


@functools.cache
def shipped_versions() -> dict[str, str]:
    """key -> version of every framework shipped in sevenc/catalog/data (read once per process)."""
    versions = {}
    for path in sorted(SHIPPED_DIR.glob("*.json")):
        doc = framework_document_parse(path.read_text(encoding="utf-8"), filename=path.name)
        versions[doc["key"]] = doc["version"]
    return versions


def shipped_framework(key: str = "7c") -> Framework:
    """The shipped framework ``key`` from the test database. It is there from the start of every test that uses
    the database; only a test that emptied the database (a transactional one) has it loaded again."""
    framework = Framework.objects.filter(key=key, version=shipped_versions()[key], workspace=None).first()
    if framework is None:
        framework = next(r.framework for r in framework_load_shipped() if r.framework.key == key)
    return framework


def shipped_catalog_remove() -> None:
    """Take the shipped frameworks out of the test database, for a test that starts from an empty catalog
    (inside a test's transaction, so the next test has them again)."""
    for key, version in shipped_versions().items():
        Framework.objects.filter(key=key, version=version, workspace=None).delete()


def mini_framework_doc(n: int) -> dict[str, Any]:
    """A framework document "mini" 1 with one block, one area and ``n`` practices."""
    return {
        "key": "mini",
        "name": "Mini",
        "version": "1",
        "scale": [{"level": i, "name": f"L{i}", "description": f"level {i}"} for i in range(6)],
        "blocks": [
            {
                "key": "b1",
                "name": "Block one",
                "question": "Does it work?",
                "areas": [
                    {
                        "key": "b1.a1",
                        "name": "Area one",
                        "description": "About area one",
                        "practices": [{"key": f"b1.a1.{i:02d}", "name": f"Practice {i}"} for i in range(n)],
                    },
                ],
            }
        ],
    }
