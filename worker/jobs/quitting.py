"""What quitting the window would stop, and how the question about it is put."""

from __future__ import annotations

from dataclasses import dataclass

from worker.jobs.model import JobCounts


@dataclass(frozen=True)
class QuitQuestion:
    """What a quit would leave unfinished: ``left`` jobs, all of them still to convert or (when
    the queue is paused) only those converting now; none means there is nothing to ask."""

    left: int
    paused: bool
    running: int = 0  # of ``left``, those under way: they start again from slide 1

    @property
    def text(self) -> str:
        plural = "s are" if self.left != 1 else " is"
        doing = "converting" if self.paused else "waiting or converting"
        return f"{self.left} presentation{plural} still {doing}."

    @property
    def advice(self) -> str:
        """The choice under the count, in its number ("Stop it now?" for one presentation)."""
        them, they = ("it", "It") if self.left == 1 else ("them", "They")
        # A PDF is made in one go: a deck stopped part-way is converted again from its first slide.
        if not self.running:
            again = ""
        elif self.running == self.left:
            again = ", from slide 1 again"
        else:
            under_way = "the one" if self.running == 1 else f"the {self.running}"
            again = f" ({under_way} under way from slide 1 again)"
        return (
            f"Stop {them} now? {they} will convert the next time Slidepress starts{again}. "
            "Or keep converting in the background."
        )


def quit_question(counts: JobCounts, paused: bool, pool_alive: bool) -> QuitQuestion:
    """The question a quit asks now. Nothing is left when no pool runs (no converting stops), or
    when paused with nothing converting (the jobs wait either way and are there at the next start)."""
    if not pool_alive:
        return QuitQuestion(0, paused)
    # A paused pool starts nothing new: only the jobs under way are stopped by a quit.
    left = counts.running if paused else counts.active
    return QuitQuestion(left, paused, min(counts.running, left))
