using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Drydock.Verification.Load;

/// <summary>
/// Sleeps until a <see cref="Stopwatch"/> timestamp with sub-millisecond precision, so the open model sends on
/// schedule instead of on the runtime timer's 1 ms ticks (which would add up to a millisecond to every latency).
/// On Linux, <see cref="Stopwatch"/> reads CLOCK_MONOTONIC in nanoseconds, so an absolute clock_nanosleep on that
/// clock wakes within the kernel's timer slack (about 50 µs). Elsewhere it sleeps to within a millisecond and spins.
/// </summary>
internal static class PreciseSleep
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsoluteTime = 1;
    private static readonly long MaxSliceTicks = Stopwatch.Frequency / 20;

    private static bool s_useNanosleep = OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000;

    /// <summary>Returns when <paramref name="timestamp"/> has passed or <paramref name="cancellationToken"/> is cancelled.</summary>
    public static void Until(long timestamp, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            var remaining = timestamp - now;
            if (remaining <= 0)
            {
                return;
            }
            // Slices of at most 50 ms keep cancellation prompt.
            var wake = remaining > MaxSliceTicks ? now + MaxSliceTicks : timestamp;
            if (s_useNanosleep)
            {
                var time = new TimeSpec { Seconds = wake / 1_000_000_000, Nanoseconds = wake % 1_000_000_000 };
                try
                {
                    _ = ClockNanosleep(ClockMonotonic, TimerAbsoluteTime, ref time, IntPtr.Zero);
                }
                catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
                {
                    // Not glibc (e.g. musl): fall back to sleeping and spinning.
                    s_useNanosleep = false;
                }
            }
            else if (wake - now > Stopwatch.Frequency / 500)
            {
                Thread.Sleep(TimeSpan.FromTicks((wake - now) * TimeSpan.TicksPerSecond / Stopwatch.Frequency) - TimeSpan.FromMilliseconds(1));
            }
            else
            {
                Thread.SpinWait(20);
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc.so.6", EntryPoint = "clock_nanosleep")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockNanosleep(int clock, int flags, ref TimeSpec request, IntPtr remain);
}
