"""Where a batch's chunks run: results come back in order, and a lost worker is a clear error."""

from concurrent.futures.process import BrokenProcessPool

import pytest

from generator.campaign.runners import InProcess, in_order
from generator.errors import LessonpackError


class Lost:
    """A future whose worker process was killed."""

    def result(self):
        raise BrokenProcessPool("A process in the process pool was terminated abruptly")


class LosesTheThird(InProcess):
    """Runs jobs here, but the third one's worker 'dies'."""

    window = 2

    def __init__(self):
        self.count = 0

    def submit(self, function, job):
        self.count += 1
        return Lost() if self.count == 3 else super().submit(function, job)


def test_results_come_back_in_job_order_with_a_bounded_window():
    assert list(in_order(InProcess(), lambda job: job * 10, iter([3, 1, 2]))) == [30, 10, 20]


def test_a_killed_worker_is_an_error_that_says_how_to_resume():
    results = []
    with pytest.raises(LessonpackError) as caught:
        for result in in_order(LosesTheThird(), lambda job: job, iter(range(5))):
            results.append(result)
    assert results == [0, 1]  # what finished before the loss was handed back (and journalled)
    assert caught.value.message == "a rendering process stopped unexpectedly (killed, or out of memory)"
    assert "run the same command again: finished schools are kept and skipped" in caught.value.hint
