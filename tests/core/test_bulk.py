"""The one rule for bulk inputs: a key named twice is found, named, and refused with 422."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sevenc.core.domain.bulk import (
    DuplicateError,
    duplicates,
    first_duplicate,
    refuse_duplicate_objects,
    refuse_duplicates,
)


def test_it_finds_each_repeated_key_once_in_the_order_it_repeats() -> None:
    assert duplicates([]) == []
    assert duplicates([1, 2, 3]) == []
    assert duplicates(["b", "a", "a", "b", "a", "c"]) == ["a", "b"]
    assert duplicates([(1, 2), (2, 1), (1, 2)]) == [(1, 2)]
    assert first_duplicate([3, 1, 2, 1, 3]) == 1
    assert first_duplicate(iter([1, 2])) is None


@given(st.lists(st.integers(min_value=0, max_value=20), max_size=30))
def test_the_duplicates_are_exactly_the_keys_counted_more_than_once(keys: list[int]) -> None:
    assert set(duplicates(keys)) == {k for k in keys if keys.count(k) > 1}
    assert (first_duplicate(keys) is None) == (len(set(keys)) == len(keys))


def test_it_refuses_naming_every_repeated_key_with_422() -> None:
    refuse_duplicates([1, 2, 3], field="ids")  # unique: nothing happens
    with pytest.raises(DuplicateError) as exc:
        refuse_duplicates([5, 7, 5, 7, 9], field="ids", name=lambda k: f"Item {k}")
    assert exc.value.status == 422
    assert exc.value.message == "Item 5 is named more than once (and 1 more); nothing was changed."
    assert exc.value.fields == {"ids": ["Item 5 is named more than once.", "Item 7 is named more than once."]}


def test_it_names_rows_by_their_text_and_id() -> None:
    class Row:
        def __init__(self, pk: int, title: str) -> None:
            self.pk, self.title = pk, title

        def __str__(self) -> str:
            return self.title

    refuse_duplicate_objects([Row(1, "a"), Row(2, "a")], field="items", noun="Item")  # same text, two rows: fine
    with pytest.raises(DuplicateError) as exc:
        refuse_duplicate_objects(
            [Row(1, "Firewall"), Row(2, "Backup"), Row(1, "Firewall")], field="items", noun="Action item"
        )
    assert exc.value.fields == {"items": ["Action item “Firewall” (1) is named more than once."]}
