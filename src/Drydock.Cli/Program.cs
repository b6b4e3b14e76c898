using System.Runtime.InteropServices;
using Drydock.Cli;
using Drydock.Cli.Terminal;

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
    }
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

return await CliApp.RunAsync(args, console, interrupted.Token);
