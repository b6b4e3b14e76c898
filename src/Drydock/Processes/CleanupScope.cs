namespace Drydock.Processes;

/// <summary>
/// Marks the stretch of a command that has something to clean up on the engine (verify's stack). When interrupted,
/// the CLI waits for such a command to tear down; any other command is ended at once, even one stuck in a call
/// that does not observe cancellation.
/// </summary>
public static class CleanupScope
{
    private static int s_active;

    public static bool IsActive => Volatile.Read(ref s_active) > 0;

    public static IDisposable Enter()
    {
        Interlocked.Increment(ref s_active);
        return new Exit();
    }

    private sealed class Exit : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref s_active);
            }
        }
    }
}
