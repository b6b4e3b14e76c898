using System.Diagnostics;
using System.Globalization;
using Drydock.Verification;
using Spectre.Console;

namespace Drydock.Cli.Terminal;

/// <summary>
/// Where a verify run is. On a terminal: a live table of services (state and time in it) under the current stage,
/// redrawn four times a second. Elsewhere (CI, pipes, NO_COLOR): one timestamped line per change on stderr.
/// </summary>
public sealed class VerifyProgressView : IVerifyProgress, IDisposable
{
    private readonly CliConsole _console;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private readonly Dictionary<string, (string State, TimeSpan Since)> _services = new(StringComparer.Ordinal);
    private readonly IAnsiConsole? _live;
    private readonly CancellationTokenSource _stop = new();
    private Task? _redraw;
    private string _stage = "starting";

    public VerifyProgressView(CliConsole console)
    {
        _console = console;
        if (console.LiveProgress)
        {
            _live = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Error), Ansi = AnsiSupport.Yes, ColorSystem = ColorSystemSupport.Standard });
        }
    }

    /// <summary>Runs <paramref name="work"/> under the live view (or just runs it, for plain output).</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        if (_live is null)
        {
            return await work().ConfigureAwait(false);
        }
        T result = default!;
        await _live.Live(Render()).AutoClear(true).StartAsync(async context =>
        {
            _redraw = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    context.UpdateTarget(Render());
                    try
                    {
                        await Task.Delay(250, _stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            });
            try
            {
                result = await work().ConfigureAwait(false);
            }
            finally
            {
                await _stop.CancelAsync().ConfigureAwait(false);
                await _redraw.ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return result;
    }

    public void Stage(string text)
    {
        lock (_gate)
        {
            _stage = text;
        }
        Plain($"{text}");
    }

    public void Service(string service, string state)
    {
        lock (_gate)
        {
            _services[service] = (state, _clock.Elapsed);
        }
        Plain($"{service}: {state}");
    }

    private void Plain(string line)
    {
        if (_live is not null)
        {
            return;
        }
        lock (_gate)
        {
            _console.Error.WriteLine($"[{_clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture).PadLeft(6)} s] {line}");
            _console.Error.Flush();
        }
    }

    private Table Render()
    {
        var table = new Table().Border(TableBorder.Rounded).Expand();
        lock (_gate)
        {
            table.Title($"[bold]drydock verify[/] · {Markup.Escape(_stage)} · {_clock.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s");
            table.AddColumn("Service");
            table.AddColumn("State");
            table.AddColumn(new TableColumn("For").RightAligned());
            foreach (var (service, (state, since)) in _services.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                var colour = state.StartsWith("failed", StringComparison.Ordinal) || state.Contains("failed", StringComparison.Ordinal) ? "red"
                    : state is "healthy" or "running" or "completed" || state.EndsWith("passed", StringComparison.Ordinal) ? "green" : "yellow";
                table.AddRow(Markup.Escape(service), $"[{colour}]{Markup.Escape(state)}[/]", $"{(_clock.Elapsed - since).TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s");
            }
        }
        return table;
    }

    public void Dispose() => _stop.Dispose();
}
