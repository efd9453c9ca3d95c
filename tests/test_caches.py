"""The renderer's memo tables stay bounded: a full table is emptied whole before the next entry."""

from worker.render.caches import remember


def test_a_full_table_is_emptied_before_the_next_entry() -> None:
    table: dict[int, str] = {}
    for n in range(3):
        assert remember(table, n, f"v{n}", limit=3) == f"v{n}"
    assert table == {0: "v0", 1: "v1", 2: "v2"}
    assert remember(table, 3, "v3", limit=3) == "v3"
    assert table == {3: "v3"}


def test_a_key_already_there_is_replaced_without_growing() -> None:
    table = {1: "a"}
    remember(table, 1, "b", limit=2)
    assert table == {1: "b"}
