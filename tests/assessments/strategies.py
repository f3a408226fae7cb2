"""hypothesis strategies for the scoring tests: random framework trees, weights and answers."""

from __future__ import annotations

from hypothesis import strategies as st

from sevenc.assessments.domain.scoring import NA, UNKNOWN, Answer, AreaSpec, BlockSpec, PracticeSpec, Tree

WEIGHTS = st.floats(min_value=0.1, max_value=10, allow_nan=False, allow_infinity=False)
# None: unanswered
ANSWERS: st.SearchStrategy[Answer | None] = st.one_of(st.integers(0, 5), st.sampled_from([NA, UNKNOWN, None]))


@st.composite
def trees(draw: st.DrawFn) -> Tree:
    blocks, areas, practices = [], [], []
    for b in range(draw(st.integers(1, 4))):
        blocks.append(BlockSpec(f"b{b}", draw(WEIGHTS)))
        for a in range(draw(st.integers(1, 4))):
            area = f"b{b}.a{a}"
            areas.append(AreaSpec(area, f"b{b}", draw(WEIGHTS)))
            practices += [
                PracticeSpec(f"{area}.p{p}", area, draw(WEIGHTS), draw(st.booleans()))
                for p in range(draw(st.integers(1, 6)))
            ]
    return Tree(tuple(blocks), tuple(areas), tuple(practices))
