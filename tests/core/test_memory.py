"""The bounded memory: first in, first out, never over its size."""

from collections import OrderedDict

import pytest

from tbmnet.memory import remember


def test_the_oldest_answer_goes_first_and_the_memory_stays_bounded():
    memory: OrderedDict = OrderedDict()
    for n in range(5):
        remember(memory, f"k{n}", n, 3)
    assert memory == OrderedDict([("k2", 2), ("k3", 3), ("k4", 4)])


def test_a_long_stream_keeps_the_newest_in_order():
    memory: OrderedDict = OrderedDict()
    for n in range(10_000):
        remember(memory, n, -n, 100)
    assert list(memory) == list(range(9_900, 10_000))
    assert memory[9_999] == -9_999


def test_an_entry_already_taken_out_by_another_thread_is_no_error():
    memory = OrderedDict(a=1)
    remember(memory, "b", 2, 1)  # takes out "a"
    memory.clear()  # as if another thread had emptied it meanwhile
    remember(memory, "c", 3, 0)  # nothing to take out: the KeyError is absorbed
    assert memory == OrderedDict(c=3)


def test_a_plain_dict_is_refused_rather_than_slow():
    with pytest.raises(TypeError):
        remember({"a": 1}, "b", 2, 1)
