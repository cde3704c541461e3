"""The bounded memory: first in, first out, never over its size."""

from tbmnet.memory import remember


def test_the_oldest_answer_goes_first_and_the_memory_stays_bounded():
    memory: dict = {}
    for n in range(5):
        remember(memory, f"k{n}", n, 3)
    assert memory == {"k2": 2, "k3": 3, "k4": 4}


def test_an_entry_already_taken_out_by_another_thread_is_no_error():
    memory = {"a": 1}
    remember(memory, "b", 2, 1)  # takes out "a"
    memory.clear()  # as if another thread had emptied it meanwhile
    remember(memory, "c", 3, 0)  # nothing to take out: StopIteration is absorbed
    assert memory == {"c": 3}
