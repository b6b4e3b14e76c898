using Drydock.Dockerfiles.Shell;

namespace Drydock.Dockerfiles.Rules;

public enum PackageManager
{
    AptGet,
    Apt,
    Apk,
    Yum,
    Dnf,
    Microdnf,
    Zypper,
    Pip,
    Npm,
    Yarn,
    Gem,
    Go,
    Cargo,
}

/// <summary>An install command: which tool, its subcommand, and the package arguments (flags and their values removed).</summary>
public sealed record PackageInstall(PackageManager Manager, ShellCommand Command, string Subcommand, IReadOnlyList<ShellWord> Packages)
{
    public string Tool => Command.Name is "python" or "python3" ? "pip" : Command.Name;

    public bool IsOsPackageManager => Manager is PackageManager.AptGet or PackageManager.Apt or PackageManager.Apk or PackageManager.Yum
        or PackageManager.Dnf or PackageManager.Microdnf or PackageManager.Zypper;
}

/// <summary>How the package managers rules know are invoked: subcommands, options that take a value, version syntax.</summary>
public static class PackageManagers
{
    private static readonly HashSet<string> AptOptionsWithValue = ["-o", "--option", "-c", "--config-file", "-t", "--target-release", "--default-release", "-a", "--host-architecture"];
    private static readonly HashSet<string> ApkOptionsWithValue = ["-X", "--repository", "-t", "--virtual", "-p", "--root", "--arch", "--cache-dir", "--keys-dir", "--repositories-file"];
    private static readonly HashSet<string> RpmOptionsWithValue = ["--enablerepo", "--disablerepo", "-c", "--config", "--installroot", "--releasever", "-x", "--exclude", "--repo", "--repofrompath", "--setopt", "-d", "--debuglevel", "-e", "--errorlevel"];
    private static readonly HashSet<string> ZypperOptionsWithValue = ["-t", "--type", "-r", "--repo", "--from", "-R", "--root", "--installroot"];
    private static readonly HashSet<string> PipOptionsWithValue =
    [
        "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url", "-f", "--find-links",
        "-t", "--target", "--prefix", "--root", "--src", "--platform", "--python-version", "--implementation", "--abi", "--trusted-host",
        "--cache-dir", "--progress-bar", "--log", "--proxy", "--retries", "--timeout", "--exists-action", "--cert", "--client-cert",
        "--upgrade-strategy", "--global-option", "--install-option", "--config-settings", "-C", "--report", "--only-binary", "--no-binary",
    ];
    private static readonly HashSet<string> NpmOptionsWithValue = ["--prefix", "--registry", "--cache", "-w", "--workspace", "--tag", "--omit", "--include", "--install-strategy"];
    private static readonly HashSet<string> GemOptionsWithValue = ["-v", "--version", "-s", "--source", "-i", "--install-dir", "-n", "--bindir", "--platform", "-P", "--trust-policy"];
    private static readonly HashSet<string> GoOptionsWithValue = ["-modfile", "-tags", "-ldflags", "-gcflags", "-o", "-p"];
    private static readonly HashSet<string> CargoOptionsWithValue = ["--version", "--vers", "--git", "--branch", "--tag", "--rev", "--path", "--root", "--index", "--registry", "--features", "-F", "-j", "--jobs", "--target", "--profile"];

    public static readonly HashSet<string> AptInstallVerbs = ["install", "reinstall"];

    /// <summary>The package install a command performs, or null.</summary>
    public static PackageInstall? Install(ShellCommand command)
    {
        switch (command.Name)
        {
            case "apt-get" or "apt":
                return Subcommand(command, command.Name == "apt" ? PackageManager.Apt : PackageManager.AptGet, AptOptionsWithValue, "install", "reinstall");
            case "apk":
                return Subcommand(command, PackageManager.Apk, ApkOptionsWithValue, "add");
            case "yum":
                return Subcommand(command, PackageManager.Yum, RpmOptionsWithValue, "install", "reinstall", "localinstall", "groupinstall");
            case "dnf":
                return Subcommand(command, PackageManager.Dnf, RpmOptionsWithValue, "install", "reinstall", "localinstall", "groupinstall");
            case "microdnf":
                return Subcommand(command, PackageManager.Microdnf, RpmOptionsWithValue, "install", "reinstall");
            case "zypper":
                return Subcommand(command, PackageManager.Zypper, ZypperOptionsWithValue, "install", "in");
            case "pip" or "pip3" or "pip2":
                return Subcommand(command, PackageManager.Pip, PipOptionsWithValue, "install");
            case "python" or "python3" or "python2":
            {
                var words = command.Words;
                var module = words.Select((word, index) => (word, index)).FirstOrDefault(pair => pair.word.Value == "-m" && pair.index + 1 < words.Count && words[pair.index + 1].Value is "pip" or "pip3");
                if (module.word is null)
                {
                    return null;
                }
                var pip = new ShellCommand { Words = words.Skip(module.index + 1).ToList(), Start = command.Start, End = command.End, Context = command.Context };
                return Install(pip) is { } install ? install with { Command = command } : null;
            }
            case "npm":
                return Subcommand(command, PackageManager.Npm, NpmOptionsWithValue, "install", "i", "add", "isntall");
            case "yarn":
                return Subcommand(command, PackageManager.Yarn, NpmOptionsWithValue, "add", "install") is { } yarn && (yarn.Subcommand == "add" || yarn.Packages.Count == 0) ? yarn : null;
            case "gem":
                return Subcommand(command, PackageManager.Gem, GemOptionsWithValue, "install", "i");
            case "go":
                return Subcommand(command, PackageManager.Go, GoOptionsWithValue, "install", "get");
            case "cargo":
                return Subcommand(command, PackageManager.Cargo, CargoOptionsWithValue, "install");
            default:
                return null;
        }
    }

    private static PackageInstall? Subcommand(ShellCommand command, PackageManager manager, HashSet<string> optionsWithValue, params string[] verbs)
    {
        var positionals = command.Positionals(optionsWithValue);
        if (positionals.Count == 0 || !verbs.Contains(positionals[0].Value, StringComparer.Ordinal))
        {
            return null;
        }
        return new PackageInstall(manager, command, positionals[0].Value, positionals.Skip(1).ToList());
    }

    /// <summary>The first positional argument (the subcommand) of a package manager command.</summary>
    public static string? Verb(ShellCommand command)
    {
        var options = command.Name switch
        {
            "apt-get" or "apt" => AptOptionsWithValue,
            "apk" => ApkOptionsWithValue,
            "yum" or "dnf" or "microdnf" => RpmOptionsWithValue,
            "zypper" => ZypperOptionsWithValue,
            _ => null,
        };
        var positionals = command.Positionals(options);
        return positionals.Count > 0 ? positionals[0].Value : null;
    }

    /// <summary>Whether a package argument pins a version (or is a file, URL or path, which pins itself).</summary>
    public static bool IsPinned(PackageInstall install, ShellWord package)
    {
        var value = package.Value;
        if (package.HasExpansion)
        {
            // An unresolved variable: its value is only known at build time, so it cannot be judged.
            return true;
        }
        if (value.StartsWith('.') || value.StartsWith('/') || value.Contains("://", StringComparison.Ordinal) || value.StartsWith("git+", StringComparison.Ordinal))
        {
            return true;
        }
        switch (install.Manager)
        {
            case PackageManager.AptGet or PackageManager.Apt:
                return value.Contains('=', StringComparison.Ordinal) || value.EndsWith(".deb", StringComparison.Ordinal);
            case PackageManager.Apk:
                return value.IndexOfAny(['=', '<', '>', '~']) >= 0 || value.EndsWith(".apk", StringComparison.Ordinal);
            case PackageManager.Yum or PackageManager.Dnf or PackageManager.Microdnf:
                return value.EndsWith(".rpm", StringComparison.Ordinal) || HasDashVersion(value) || value.Contains(':', StringComparison.Ordinal) && !value.StartsWith('@');
            case PackageManager.Zypper:
                return value.IndexOfAny(['=', '<', '>']) >= 0 || value.EndsWith(".rpm", StringComparison.Ordinal) || HasDashVersion(value);
            case PackageManager.Pip:
                return value.IndexOfAny(['=', '<', '>', '~', '@']) >= 0 || value.EndsWith(".whl", StringComparison.Ordinal)
                    || value.EndsWith(".tar.gz", StringComparison.Ordinal) || value.EndsWith(".zip", StringComparison.Ordinal);
            case PackageManager.Npm or PackageManager.Yarn:
            {
                var versionAt = value.StartsWith('@') ? value.IndexOf('@', 1) : value.IndexOf('@', StringComparison.Ordinal);
                if (value.Contains(':', StringComparison.Ordinal) || value.EndsWith(".tgz", StringComparison.Ordinal))
                {
                    return true;
                }
                return versionAt > 0 && value[(versionAt + 1)..] is { Length: > 0 } version && version is not ("latest" or "next");
            }
            case PackageManager.Gem:
                return value.Contains(':', StringComparison.Ordinal) || install.Command.OptionValue("-v", "--version") is not null || value.EndsWith(".gem", StringComparison.Ordinal);
            case PackageManager.Go:
            {
                var at = value.LastIndexOf('@');
                return value is "." or "./..." || value.StartsWith("./", StringComparison.Ordinal) || at > 0 && value[(at + 1)..] is { Length: > 0 } version && version != "latest";
            }
            case PackageManager.Cargo:
                return value.Contains('@', StringComparison.Ordinal) || install.Command.OptionValue("--version", "--vers") is not null || install.Command.HasFlag("--path", "--git");
            default:
                return true;
        }
    }

    private static bool HasDashVersion(string value)
    {
        for (var i = 0; i + 1 < value.Length; i++)
        {
            if (value[i] == '-' && char.IsAsciiDigit(value[i + 1]))
            {
                return true;
            }
        }
        return false;
    }
}
