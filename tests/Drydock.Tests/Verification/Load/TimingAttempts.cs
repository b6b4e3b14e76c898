using Shouldly;

namespace Drydock.Tests.Verification.Load;

/// <summary>
/// Runs a timing scenario up to three times and passes on the first attempt whose assertions all hold. Tests that
/// measure milliseconds on real sockets share this machine's two cores with everything else running; a process frozen
/// for a second by the scheduler is not a generator bug. A real defect fails every attempt, and the last failure is
/// the one reported.
/// </summary>
internal static class TimingAttempts
{
    public const int Attempts = 3;

    public static async Task RunAsync(Func<Task> scenario)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await scenario();
                return;
            }
            catch (ShouldAssertException) when (attempt < Attempts)
            {
                // Scheduling noise is possible: try again.
            }
        }
    }
}
