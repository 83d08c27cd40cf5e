"""The level algebra of docs/semantics.md: laws that hold for every level."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from verdict.engine.model.levels import Level, conj, defeat, disj, mirror, supported

levels = st.sampled_from(list(Level))


def test_scale_order() -> None:
    names = [level.name_id for level in sorted(Level)]
    assert names == ["disproved", "not_shown", "plausible", "serious", "sufficient", "proven"]


@given(st.lists(levels, min_size=1))
def test_conjunction_is_the_weakest_and_disjunction_the_strongest(xs: list[Level]) -> None:
    assert conj(xs) == min(xs)
    assert disj(xs) == max(xs)
    assert all(conj(xs) <= x <= disj(xs) for x in xs)


def test_empty_connectives() -> None:
    assert conj([]) == Level.PROVEN
    assert disj([]) == Level.DISPROVED
    assert supported([]) == Level.NOT_SHOWN


@given(levels, levels)
def test_mirror_is_an_order_reversing_involution(a: Level, b: Level) -> None:
    assert mirror(mirror(a)) == a
    assert (a <= b) == (mirror(b) <= mirror(a))


@given(st.lists(levels, min_size=1))
def test_de_morgan(xs: list[Level]) -> None:
    assert mirror(conj(xs)) == disj(mirror(x) for x in xs)
    assert mirror(disj(xs)) == conj(mirror(x) for x in xs)


def test_not_needs_disproof_for_proof() -> None:
    assert mirror(Level.DISPROVED) == Level.PROVEN
    assert mirror(Level.NOT_SHOWN) == Level.SUFFICIENT  # unshown: enough to commit, not to convict
    assert mirror(Level.PROVEN) == Level.DISPROVED


def test_defence_weighs_only_once_raised() -> None:
    assert defeat(Level.DISPROVED) == Level.PROVEN
    assert defeat(Level.NOT_SHOWN) == Level.PROVEN
    assert defeat(Level.PLAUSIBLE) == Level.SERIOUS
    assert defeat(Level.SUFFICIENT) == Level.NOT_SHOWN
    assert defeat(Level.PROVEN) == Level.DISPROVED


@given(levels, levels)
def test_defence_is_antitone(a: Level, b: Level) -> None:
    if a <= b:
        assert defeat(b) <= defeat(a)
    assert defeat(a) >= mirror(a)


def test_the_algebra_reads_plain_numbers_as_levels() -> None:
    # the evaluators pass levels as plain integers (a compiled condition's value, an override)
    assert defeat(1) == Level.PROVEN and defeat(0) == Level.PROVEN and defeat(2) == Level.SERIOUS
    assert mirror(1) == Level.SUFFICIENT
    assert supported([2, 4, 3]) == Level.SUFFICIENT
    assert conj([3, 5]) == Level.SERIOUS and disj([3, 5]) == Level.PROVEN


def test_a_level_is_read_by_its_name() -> None:
    assert Level.parse("serious") is Level.SERIOUS
    assert Level.parse("NOT_SHOWN") is Level.NOT_SHOWN
    assert [Level.parse(level.name_id) for level in Level] == list(Level)
