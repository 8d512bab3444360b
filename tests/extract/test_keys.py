import pytest

from extract.keys import ActionKeyError, action_key, canonical_number, parse_key, sort_key


@pytest.mark.parametrize("raw", ["4.b", "4. (b)", "4 b)", "4b", "4.(b)", " 4. (b) "])
def test_written_forms_of_a_sub_action_are_one_key(raw):
    assert canonical_number(raw) == "4.b"


def test_other_numbers():
    assert canonical_number("19. (a)") == "19.a"
    assert canonical_number("2.7.1") == "2.7.1"
    assert canonical_number("23.") == "23"
    assert action_key(5, "7. (d)") == "5.7.d"


def test_unreadable_number():
    with pytest.raises(ActionKeyError):
        canonical_number("Axe 5")


def test_natural_order():
    assert sorted(["10", "4.b", "2", "19.a", "7.d", "7.c"], key=sort_key) == ["2", "4.b", "7.c", "7.d", "10", "19.a"]


@pytest.mark.parametrize("written, key", [("2.11", "2.11"), (" 5.7.d ", "5.7.d"), ("5.4. (b)", "5.4.b"), ("2.7.1", "2.7.1")])
def test_a_key_written_axis_first(written, key):
    assert parse_key(written) == key


@pytest.mark.parametrize("written", ["deux", "x.2", "2", ".5", "2.zz"])
def test_an_unreadable_key_says_so(written):
    with pytest.raises(ActionKeyError) as error:
        parse_key(written)
    assert str(error.value).startswith("numéro d'action illisible : « ")
