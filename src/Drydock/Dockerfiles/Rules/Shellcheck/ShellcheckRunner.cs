using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Drydock.Findings.Suppressions;
using Drydock.Dockerfiles.Stages;
using Drydock.Findings;
using Drydock.Processes;

namespace Drydock.Dockerfiles.Rules.Shellcheck;

/// <summary>DF079: the descriptor of ShellCheck's findings; their severity follows ShellCheck's level.</summary>
public static class ShellcheckRule
{
    public static RuleDescriptor Descriptor { get; } = new(
        "DF079", "ShellCheck finding in RUN", RuleCategories.Correctness, Severity.Warning,
        RuleSelector.ShellcheckPrefix + "{0}: {1}",
        "ShellCheck (shellcheck.net) found a problem in the shell script of this RUN; the message links the SC code to its explanation. The script is checked as BuildKit runs it (continuation lines joined), with the stage's ARG and ENV names declared. Fix the script, or suppress the code for this instruction: # drydock ignore=SC2086.");
}

/// <summary>Where ShellCheck runs from and what it may keep between runs.</summary>
public sealed record ShellcheckOptions
{
    /// <summary>The shellcheck executable; null disables ShellCheck.</summary>
    public string? Program { get; init; }

    /// <summary>A directory for cached results (keyed by script, shell and ShellCheck binary); null for no cache.</summary>
    public string? CacheDirectory { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one script may take when it is checked alone (after its batch ran out of time).</summary>
    public TimeSpan ScriptTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Address space one shellcheck process may use (through prlimit when it is installed).</summary>
    public long MemoryLimitBytes { get; init; } = 1L << 30;

    /// <summary>shellcheck from PATH, or null when it is not installed.</summary>
    public static ShellcheckOptions? FromPath(string? cacheDirectory = null) =>
        ProcessRunner.FindOnPath("shellcheck") is { } program ? new ShellcheckOptions { Program = program, CacheDirectory = cacheDirectory } : null;
}

/// <summary>
/// Runs ShellCheck over the shell scripts of RUN instructions (POSIX stages, shell form or heredoc bodies), as one
/// batch split across the CPUs, and maps each comment back to the Dockerfile position it came from.
/// </summary>
public static class ShellcheckRunner
{
    private const int HeaderLines = 2;

    // Sourced files cannot be followed from a RUN line.
    private static readonly string[] Excluded = ["SC1090", "SC1091"];

    /// <summary>Scripts larger or more deeply nested than this are not given to ShellCheck (its time and memory grow steeply with nesting).</summary>
    public const int MaxScriptChars = 128 * 1024;

    public const int MaxNesting = 64;

    private static readonly Lazy<string?> Prlimit = new(() => ProcessRunner.FindOnPath("prlimit"));

    public static async Task<IReadOnlyList<Finding>> RunAsync(IReadOnlyList<DockerfileAnalysis> analyses, ShellcheckOptions options, CancellationToken cancellationToken = default)
    {
        if (options.Program is null)
        {
            return [];
        }
        var jobs = new List<Job>();
        foreach (var analysis in analyses)
        {
            foreach (var (stage, script) in analysis.AllScripts)
            {
                if (script.Run.IsExecForm || Dialect(stage, script) is not { } dialect)
                {
                    continue;
                }
                var names = analysis.Resolution.ScopeBefore(script.Run).Bindings.Select(b => b.Name).Where(IsShellName).Order(StringComparer.Ordinal).ToList();
                var text = new StringBuilder()
                    .Append("#!/bin/").Append(dialect).Append('\n')
                    .Append(names.Count > 0 ? "export " + string.Join(' ', names) : string.Empty).Append('\n')
                    .Append(script.Script.Source)
                    .Append('\n')
                    .ToString();
                jobs.Add(new Job(script, text, CacheKey(options.Program, text)) { SkippedBecause = OverBudget(script.Script.Source) });
            }
        }
        if (jobs.Count == 0)
        {
            return [];
        }
        var pending = new List<Job>();
        foreach (var job in jobs.Where(job => job.SkippedBecause is null))
        {
            if (TryReadCache(options.CacheDirectory, job.Key) is { } cached)
            {
                job.Comments = cached;
            }
            else
            {
                pending.Add(job);
            }
        }
        if (pending.Count > 0)
        {
            // The same script (same shell, same declared names) gets the same comments: check it once.
            var unique = pending.GroupBy(job => job.Key, StringComparer.Ordinal).Select(group => group.First()).ToList();
            await RunBatchesAsync(unique, options, cancellationToken).ConfigureAwait(false);
            var byKey = unique.ToDictionary(job => job.Key, StringComparer.Ordinal);
            foreach (var job in pending)
            {
                job.Comments = byKey[job.Key].Comments;
            }
            foreach (var job in unique.Where(job => job.SkippedBecause is null))
            {
                WriteCache(options.CacheDirectory, job.Key, job.Comments);
            }
            foreach (var job in pending)
            {
                job.SkippedBecause ??= byKey[job.Key].SkippedBecause;
            }
            TrimCache(options.CacheDirectory);
        }
        return jobs.SelectMany(job => job.SkippedBecause is { } reason
            ? [SkippedFinding(job, reason)]
            : job.Comments.Select(comment => ToFinding(job, comment))).ToList();
    }

    /// <summary>Why a script is not given to ShellCheck at all: its size or its nesting of ( and { (RUN $($(…))).</summary>
    internal static string? OverBudget(string script)
    {
        if (script.Length > MaxScriptChars)
        {
            return $"the script is {script.Length / 1024} KB, more than the {MaxScriptChars / 1024} KB Drydock gives to ShellCheck";
        }
        var depth = 0;
        var deepest = 0;
        foreach (var c in script)
        {
            if (c is '(' or '{')
            {
                deepest = Math.Max(deepest, ++depth);
            }
            else if (c is ')' or '}' && depth > 0)
            {
                depth--;
            }
        }
        return deepest > MaxNesting ? $"the script nests parentheses or braces {deepest} deep, more than the {MaxNesting} Drydock gives to ShellCheck" : null;
    }

    /// <summary>One finding in place of ShellCheck's for a script over budget; the rest of the file is still checked.</summary>
    private static Finding SkippedFinding(Job job, string reason) =>
        new(ShellcheckRule.Descriptor, Severity.Info, job.Script.Map(0, 0), $"ShellCheck was not run on this script: {reason}")
        {
            FixHint = "split the script into smaller RUN instructions or a script file, or suppress DF079 for this instruction.",
        };

    private static string? Dialect(ResolvedStage stage, RunScript script)
    {
        var program = Path.GetFileName(stage.Shell.Count > 0 ? stage.Shell[0] : "sh");
        if (script.Script.Source.StartsWith("#!", StringComparison.Ordinal))
        {
            var shebang = script.Script.Source.Split('\n')[0];
            program = shebang.Contains("bash", StringComparison.Ordinal) ? "bash" : "sh";
        }
        return program switch
        {
            "bash" => "bash",
            "sh" or "dash" or "ash" or "busybox" => "sh",
            "ksh" or "mksh" => "ksh",
            _ => null,
        };
    }

    private static bool IsShellName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static async Task RunBatchesAsync(List<Job> jobs, ShellcheckOptions options, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("drydock-shellcheck-");
        try
        {
            for (var i = 0; i < jobs.Count; i++)
            {
                jobs[i].File = Path.Combine(directory.FullName, $"run{i.ToString(CultureInfo.InvariantCulture)}.sh");
                await File.WriteAllTextAsync(jobs[i].File!, jobs[i].Text, cancellationToken).ConfigureAwait(false);
            }
            var batches = Math.Clamp(jobs.Count / 4, 1, Math.Max(1, Environment.ProcessorCount));
            var byFile = jobs.ToDictionary(job => Path.GetFileName(job.File!), StringComparer.Ordinal);
            var tasks = Enumerable.Range(0, batches).Select(batch =>
            {
                var batchJobs = jobs.Where((_, index) => index % batches == batch).ToList();
                return RunWithinBudgetAsync(batchJobs, directory.FullName, options, cancellationToken);
            }).ToList();
            foreach (var output in await Task.WhenAll(tasks).ConfigureAwait(false))
            {
                foreach (var (file, comment) in output)
                {
                    if (byFile.TryGetValue(file, out var job))
                    {
                        job.Comments.Add(comment);
                    }
                }
            }
        }
        finally
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// One batch; when it runs out of time or memory, each of its scripts is checked alone, and a script that still does
    /// becomes one finding, so one pathological RUN never loses the findings of the others.
    /// </summary>
    private static async Task<List<(string File, ShellcheckComment Comment)>> RunWithinBudgetAsync(List<Job> batch, string directory, ShellcheckOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await RunOneAsync(batch.Select(job => Path.GetFileName(job.File!)).ToList(), directory, options, options.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or ShellcheckFailedException && !cancellationToken.IsCancellationRequested)
        {
            // Checked one by one below.
        }
        var comments = new List<(string File, ShellcheckComment Comment)>();
        foreach (var job in batch)
        {
            try
            {
                comments.AddRange(await RunOneAsync([Path.GetFileName(job.File!)], directory, options, options.ScriptTimeout, cancellationToken).ConfigureAwait(false));
            }
            catch (TimeoutException)
            {
                job.SkippedBecause = string.Create(CultureInfo.InvariantCulture, $"it did not finish within {options.ScriptTimeout.TotalSeconds:0.###} s");
            }
            catch (ShellcheckFailedException failure)
            {
                job.SkippedBecause = $"it stopped without a result ({failure.Message}), probably over its {options.MemoryLimitBytes >> 20} MB memory budget";
            }
        }
        return comments;
    }

    private static async Task<List<(string File, ShellcheckComment Comment)>> RunOneAsync(List<string> files, string directory, ShellcheckOptions options, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "--format=json1", "--exclude=" + string.Join(',', Excluded) };
        arguments.AddRange(files);
        var program = options.Program!;
        if (Prlimit.Value is { } prlimit)
        {
            arguments.InsertRange(0, ["--as=" + options.MemoryLimitBytes.ToString(CultureInfo.InvariantCulture), "--", program]);
            program = prlimit;
        }
        var result = await ProcessRunner.RunAsync(program, arguments, new ProcessRunOptions { WorkingDirectory = directory, Timeout = timeout }, cancellationToken).ConfigureAwait(false);
        // Exit 1 means "found something"; anything else without JSON is a failure of the tool itself.
        if (result.ExitCode is not (0 or 1) || !result.StandardOutput.TrimStart().StartsWith('{'))
        {
            throw new ShellcheckFailedException(result.FirstErrorLine);
        }
        var comments = new List<(string, ShellcheckComment)>();
        using var json = JsonDocument.Parse(result.StandardOutput);
        foreach (var item in json.RootElement.GetProperty("comments").EnumerateArray())
        {
            comments.Add((item.GetProperty("file").GetString() ?? string.Empty, new ShellcheckComment(
                item.GetProperty("line").GetInt32(),
                item.GetProperty("column").GetInt32(),
                item.GetProperty("endLine").GetInt32(),
                item.GetProperty("endColumn").GetInt32(),
                item.GetProperty("level").GetString() ?? "warning",
                item.GetProperty("code").GetInt32(),
                item.GetProperty("message").GetString() ?? string.Empty)));
        }
        return comments;
    }

    private static Finding ToFinding(Job job, ShellcheckComment comment)
    {
        var source = job.Script.Script.Source;
        var start = Offset(source, comment.Line - HeaderLines, comment.Column);
        var end = Offset(source, comment.EndLine - HeaderLines, comment.EndColumn);
        var severity = comment.Level switch
        {
            "error" => Severity.Error,
            "warning" => Severity.Warning,
            _ => Severity.Info,
        };
        var span = job.Script.Map(start, Math.Max(start, end));
        var code = comment.Code.ToString(CultureInfo.InvariantCulture);
        return new Finding(ShellcheckRule.Descriptor, severity, span, ShellcheckRule.Descriptor.FormatMessage(code, comment.Message))
        {
            FixHint = $"see https://www.shellcheck.net/wiki/SC{code}",
        };
    }

    /// <summary>The offset of a 1-based line and column of the script body.</summary>
    private static int Offset(string source, int line, int column)
    {
        var offset = 0;
        for (var current = 1; current < line && offset < source.Length; current++)
        {
            var next = source.IndexOf('\n', offset);
            if (next < 0)
            {
                return source.Length;
            }
            offset = next + 1;
        }
        return Math.Clamp(offset + column - 1, 0, source.Length);
    }

    private static string CacheKey(string program, string text)
    {
        var binary = new FileInfo(program);
        var identity = binary.Exists ? $"{binary.FullName}|{binary.Length}|{binary.LastWriteTimeUtc.Ticks}" : program;
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(identity + "\n" + string.Join(',', Excluded) + "\n" + text)))[..32].ToLowerInvariant();
    }

    private static List<ShellcheckComment>? TryReadCache(string? directory, string key)
    {
        if (directory is null)
        {
            return null;
        }
        var path = Path.Combine(directory, key + ".txt");
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }
            var comments = new List<ShellcheckComment>();
            foreach (var line in File.ReadAllLines(path))
            {
                var fields = line.Split('\t', 7);
                if (fields.Length != 7)
                {
                    return null;
                }
                comments.Add(new ShellcheckComment(Int(fields[0]), Int(fields[1]), Int(fields[2]), Int(fields[3]), fields[4], Int(fields[5]), fields[6]));
            }
            return comments;
        }
        catch (IOException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }

        static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
    }

    private static void WriteCache(string? directory, string key, List<ShellcheckComment> comments)
    {
        if (directory is null)
        {
            return;
        }
        try
        {
            Directory.CreateDirectory(directory);
            var lines = comments.Select(c => string.Join('\t', c.Line, c.Column, c.EndLine, c.EndColumn, c.Level, c.Code, c.Message.Replace('\n', ' ').Replace('\t', ' ')));
            var temporary = Path.Combine(directory, $"{key}.{Environment.ProcessId}.tmp");
            File.WriteAllLines(temporary, lines);
            File.Move(temporary, Path.Combine(directory, key + ".txt"), overwrite: true);
        }
        catch (IOException)
        {
            // A cache that cannot be written only costs time.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// At most this many cached results are kept (the newest, by modification time); a cache that only grows would
    /// collect every script ever checked (thousands after a fuzzing session).
    /// </summary>
    public const int MaxCachedResults = 2000;

    private static void TrimCache(string? directory)
    {
        if (directory is null)
        {
            return;
        }
        try
        {
            var files = new DirectoryInfo(directory).GetFiles("*.txt");
            if (files.Length <= MaxCachedResults)
            {
                return;
            }
            foreach (var old in files.OrderByDescending(file => file.LastWriteTimeUtc).Skip(MaxCachedResults * 3 / 4))
            {
                old.Delete();
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed class ShellcheckFailedException(string message) : Exception(message);

    private sealed record ShellcheckComment(int Line, int Column, int EndLine, int EndColumn, string Level, int Code, string Message);

    private sealed class Job(RunScript script, string text, string key)
    {
        public RunScript Script => script;

        public string Text => text;

        public string Key => key;

        public string? File { get; set; }

        public List<ShellcheckComment> Comments { get; set; } = [];

        /// <summary>Why ShellCheck gave no result for this script (over its size, nesting, time or memory budget).</summary>
        public string? SkippedBecause { get; set; }
    }
}
