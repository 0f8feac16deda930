"""`make bench`: the performance figures of issue 8, rerunnable, with targets."""
