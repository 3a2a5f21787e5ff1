"""Fixed-rate clocks: virtual time is exact, real time paces by deadline and counts drops."""

from vrasmr.clock import RealClock, VirtualClock


def test_virtual_clock_is_exact_and_deterministic():
    a, b = VirtualClock(90.0), VirtualClock(90.0)
    ta = [a.tick() for _ in range(900)]
    tb = [b.tick() for _ in range(900)]
    assert ta == tb
    assert ta[0] == 0.0
    assert ta[-1] == 899 / 90.0  # no accumulated rounding: index / rate each time
    assert a.now() == 10.0


class FakeTime:
    """A monotonic clock we move by hand; sleeping advances it (deterministic pacing)."""

    def __init__(self):
        self.t = 100.0

    def monotonic(self):
        return self.t

    def sleep(self, s):
        self.t += s


def test_real_clock_waits_for_each_deadline():
    ft = FakeTime()
    clock = RealClock(50.0, monotonic=ft.monotonic, sleep=ft.sleep)
    times = [clock.tick() for _ in range(5)]
    assert times == [0.0, 0.02, 0.04, 0.06, 0.08]
    assert ft.t - 100.0 >= 0.08 - 1e-9  # it really waited until the last deadline
    assert clock.dropped == 0


def test_real_clock_skips_and_counts_late_frames_without_speeding_time():
    ft = FakeTime()
    clock = RealClock(100.0, monotonic=ft.monotonic, sleep=ft.sleep)
    clock.tick()
    ft.t += 0.055  # a 55 ms stall: frames 1..5 are missed
    before = ft.t
    t = clock.tick()
    assert clock.dropped == 4  # frames 1..4 are gone
    assert abs(t - 0.05) < 1e-9  # frame 5 runs now, still on the 10 ms grid
    assert ft.t == before  # a late frame does not sleep
    assert abs(clock.tick() - 0.06) < 1e-9 and ft.t - 100.0 >= 0.06 - 1e-9
