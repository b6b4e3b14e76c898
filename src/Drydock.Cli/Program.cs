using System.Runtime.InteropServices;
using Drydock.Cli;
using Drydock.Cli.Terminal;
using Drydock.Processes;

var console = CliConsole.FromProcess();
using var interrupted = new CancellationTokenSource();

// The first SIGINT/SIGTERM cancels the running command, which cleans up what it started and exits 130;
// a second one is left to the default handling, for a user who really wants out now.
var signals = 0;
void OnSignal(PosixSignalContext context)
{
    if (Interlocked.Increment(ref signals) == 1)
    {
        context.Cancel = true;
        console.Error.WriteLine("drydock: interrupted; cleaning up (press Ctrl+C again to abort cleanup)…");
        interrupted.Cancel();
        _ = EndUnlessCleaningUpAsync();
    }
}

// A command with nothing to tear down (anything but verify's stack) is given a second to return by itself, then
// ended: a read that ignores cancellation must not keep a SIGTERM waiting.
async Task EndUnlessCleaningUpAsync()
{
    await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
    if (!CleanupScope.IsActive)
    {
        console.Error.WriteLine("drydock: interrupted.");
        console.Error.Flush();
        Environment.Exit(ExitCodes.Interrupted);
    }
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

return await CliApp.RunAsync(args, console, interrupted.Token);
