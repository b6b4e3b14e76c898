using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Drydock.Processes;

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The first non-empty line of stderr (or stdout): where most tools say what went wrong.</summary>
    public string FirstErrorLine =>
        (StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
         ?? StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
         ?? $"exit code {ExitCode}");

    /// <summary>The last non-empty line of stderr (or stdout): what a failed tool usually says about why.</summary>
    public string LastErrorLine =>
        (StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
         ?? StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
         ?? $"exit code {ExitCode}");
}

public sealed record ProcessRunOptions
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables to set (a null value removes the variable) on top of this process's environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Killed (with its children) when this elapses; null waits as long as the token allows.</summary>
    public TimeSpan? Timeout { get; init; }

    public string? StandardInput { get; init; }

    /// <summary>Called for each line as it arrives (both streams), for live progress.</summary>
    public Action<string, bool>? OnLine { get; init; }
}

/// <summary>The tool was not found on PATH.</summary>
public sealed class ProgramNotFoundException(string program, Exception inner)
    : DrydockException($"'{program}' was not found on PATH.", null, null, inner)
{
    public string Program { get; } = program;
}

/// <summary>Runs external programs: arguments passed as a list (never through a shell), output captured, tree killed on cancel.</summary>
public static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string program, IEnumerable<string> arguments, ProcessRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ProcessRunOptions();
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = options.StandardInput is not null,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (options.WorkingDirectory is not null)
        {
            start.WorkingDirectory = options.WorkingDirectory;
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in options.Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var stdoutDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderrDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => Collect(e.Data, stdout, stdoutDone, isError: false);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, stderr, stderrDone, isError: true);

        var stopwatch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new ProgramNotFoundException(program, ex);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (options.StandardInput is { } input)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }

        using var timeout = options.Timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            await Task.WhenAll(stdoutDone.Task, stderrDone.Task).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            if (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"'{program} {string.Join(' ', start.ArgumentList)}' did not finish within {options.Timeout!.Value.TotalSeconds:0} s and was stopped.");
            }
            throw;
        }
        catch (TimeoutException)
        {
            // The process exited but a grandchild still holds its output pipes open; what we have is enough.
        }
        return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString(), stopwatch.Elapsed);

        void Collect(string? line, StringBuilder sink, TaskCompletionSource done, bool isError)
        {
            if (line is null)
            {
                done.TrySetResult();
                return;
            }
            lock (sink)
            {
                sink.Append(line).Append('\n');
            }
            options.OnLine?.Invoke(line, isError);
        }
    }

    /// <summary>Whether a program can be started from PATH (or is an existing path).</summary>
    public static string? FindOnPath(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? program : null;
        }
        var path = System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (Win32Exception)
        {
            // Already gone, or not ours to kill; nothing more to do.
        }
    }
}
