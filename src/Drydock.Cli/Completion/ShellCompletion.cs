using System.CommandLine;
using System.CommandLine.Completions;
using System.Text;

namespace Drydock.Cli.Completion;

/// <summary>
/// Shell completion scripts generated from the command tree itself, so a new command or option completes without
/// anyone editing a script. Static: the scripts never run drydock while completing (no start-up cost per Tab).
/// </summary>
public static class ShellCompletion
{
    public static readonly string[] Shells = ["bash", "zsh", "fish"];

    /// <summary>One command of the tree: its path from the root ("drydock check"), and what may follow it.</summary>
    internal sealed record Node(string Path, string Name, string Description, IReadOnlyList<Node> Children, IReadOnlyList<OptionInfo> Options, bool TakesArguments, IReadOnlyList<string> ArgumentValues);

    /// <summary>One option: every alias, and what its value is (none for flags; a fixed list; text, completed as a file name; or a number).</summary>
    internal sealed record OptionInfo(IReadOnlyList<string> Names, string Description, bool TakesValue, IReadOnlyList<string> Values, bool CompletesFiles);

    public static string Script(string shell, Command root) => shell switch
    {
        "bash" => Bash(Walk(root)),
        "zsh" => Zsh(Walk(root)),
        "fish" => Fish(Walk(root)),
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "Unknown shell."),
    };

    internal static Node Walk(Command root) => Walk(root, root.Name, []);

    private static Node Walk(Command command, string path, IReadOnlyList<Option> inherited)
    {
        var recursive = inherited.Concat(command.Options.Where(option => option.Recursive)).ToList();
        var options = command.Options.Where(option => !option.Hidden)
            .Concat(inherited.Where(option => !option.Hidden && !command.Options.Contains(option)))
            .Select(Describe)
            .ToList();
        var children = command.Subcommands.Where(child => !child.Hidden)
            .Select(child => Walk(child, $"{path} {child.Name}", recursive))
            .ToList();
        var arguments = command.Arguments.Where(argument => !argument.Hidden).ToList();
        // Arguments with a fixed set of values (`completion`'s shell) complete those; the others are paths or images.
        var argumentValues = arguments.SelectMany(argument => argument.GetCompletions(CompletionContext.Empty)).Select(item => item.Label).ToList();
        return new Node(path, command.Name, FirstLine(command.Description), children, options, arguments.Count > 0 && argumentValues.Count == 0, argumentValues);
    }

    private static OptionInfo Describe(Option option)
    {
        // Not the Windows-style aliases (/h, /?) of --help.
        var names = new[] { option.Name }.Concat(option.Aliases).Where(name => !name.StartsWith('/')).Distinct(StringComparer.Ordinal).ToList();
        // Flags (bool) take no value even though their arity allows an explicit true/false.
        var takesValue = option.Arity.MinimumNumberOfValues > 0;
        var values = takesValue
            ? option.GetCompletions(CompletionContext.Empty).Select(item => item.Label).ToList()
            : [];
        var text = option.ValueType == typeof(string) || option.ValueType == typeof(string[])
            || option.ValueType == typeof(FileInfo) || option.ValueType == typeof(DirectoryInfo);
        return new OptionInfo(names, FirstLine(option.Description), takesValue, values, takesValue && values.Count == 0 && text);
    }

    private static string FirstLine(string? text) => (text ?? string.Empty).Split('\n')[0].Trim();

    private static IEnumerable<Node> All(Node node) => new[] { node }.Concat(node.Children.SelectMany(All));

    /// <summary>Single-quoted for sh: the only character to escape is the quote itself.</summary>
    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Bash(Node root)
    {
        var script = new StringBuilder();
        script.Append(CultureInvariant($$"""
            # bash completion for drydock {{ProjectInfo.Version}}. Load it with: source <(drydock completion bash)
            # or install it: drydock completion bash > ~/.local/share/bash-completion/completions/drydock
            _drydock() {
              local cur prev node i word
              cur="${COMP_WORDS[COMP_CWORD]}"
              prev="${COMP_WORDS[COMP_CWORD-1]}"
              node={{root.Name}}
              # The command path typed so far; options and their values are not commands and leave it as it is.
              for ((i = 1; i < COMP_CWORD; i++)); do
                word="${COMP_WORDS[i]}"
                case "$node $word" in

            """));
        var paths = All(root).Skip(1).Select(node => Quote(node.Path)).ToList();
        if (paths.Count > 0)
        {
            script.Append("      ").Append(string.Join('|', paths)).Append(") node=\"$node $word\" ;;\n");
        }
        script.Append("""
                esac
              done
              case "$node $prev" in

            """);
        foreach (var node in All(root))
        {
            foreach (var option in node.Options.Where(option => option.TakesValue))
            {
                var patterns = string.Join('|', option.Names.Select(name => Quote($"{node.Path} {name}")));
                var reply = option.Values.Count > 0 ? $"mapfile -t COMPREPLY < <(compgen -W {Quote(string.Join(' ', option.Values))} -- \"$cur\")"
                    : option.CompletesFiles ? "mapfile -t COMPREPLY < <(compgen -f -- \"$cur\")"
                    : "COMPREPLY=()";
                script.Append(CultureInvariant($"    {patterns}) {reply}; return 0 ;;\n"));
            }
        }
        script.Append("""
              esac
              local words=""
              case "$node" in

            """);
        foreach (var node in All(root))
        {
            var words = node.Children.Select(child => child.Name).Concat(node.ArgumentValues).Concat(node.Options.SelectMany(option => option.Names));
            script.Append(CultureInvariant($"    {Quote(node.Path)}) words={Quote(string.Join(' ', words))} ;;\n"));
        }
        var withArguments = All(root).Where(node => node.TakesArguments).Select(node => Quote(node.Path)).ToList();
        script.Append("""
              esac
              mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")

            """);
        if (withArguments.Count > 0)
        {
            // Commands that take a path (or an image) also complete file names when no command word matches.
            script.Append(CultureInvariant($$"""
                  if [[ $cur != -* ]]; then
                    case "$node" in
                      {{string.Join('|', withArguments)}}) mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur") ;;
                    esac
                  fi

                """));
        }
        script.Append("""
              return 0
            }
            complete -o filenames -F _drydock drydock

            """);
        return script.ToString();
    }

    private static string Zsh(Node root)
    {
        static string Entry(string name, string description) =>
            Quote(name.Replace(":", "\\:", StringComparison.Ordinal) + (description.Length > 0 ? ":" + description : string.Empty));

        var script = new StringBuilder();
        script.Append(CultureInvariant($$"""
            #compdef drydock
            # zsh completion for drydock {{ProjectInfo.Version}}. Load it with: source <(drydock completion zsh)
            # or install it as _drydock in a directory of $fpath.
            _drydock() {
              local node={{root.Name}} i word prev
              local -a commands options
              # The command path typed so far; options and their values are not commands and leave it as it is.
              for ((i = 2; i < CURRENT; i++)); do
                word=${words[i]}
                case "$node $word" in

            """));
        var paths = All(root).Skip(1).Select(node => Quote(node.Path)).ToList();
        if (paths.Count > 0)
        {
            script.Append("      ").Append(string.Join('|', paths)).Append(") node=\"$node $word\" ;;\n");
        }
        script.Append("""
                esac
              done
              prev=${words[CURRENT-1]}
              case "$node $prev" in

            """);
        foreach (var node in All(root))
        {
            foreach (var option in node.Options.Where(option => option.TakesValue))
            {
                var patterns = string.Join('|', option.Names.Select(name => Quote($"{node.Path} {name}")));
                var reply = option.Values.Count > 0 ? "compadd -- " + string.Join(' ', option.Values.Select(Quote))
                    : option.CompletesFiles ? "_files"
                    : "_message value";
                script.Append(CultureInvariant($"    {patterns}) {reply}; return ;;\n"));
            }
        }
        script.Append("""
              esac
              case "$node" in

            """);
        foreach (var node in All(root))
        {
            var commands = string.Join(' ', node.Children.Select(child => Entry(child.Name, child.Description)).Concat(node.ArgumentValues.Select(value => Entry(value, string.Empty))));
            var options = string.Join(' ', node.Options.SelectMany(option => option.Names.Select(name => Entry(name, option.Description))));
            script.Append(CultureInvariant($"    {Quote(node.Path)}) commands=({commands}); options=({options}) ;;\n"));
        }
        var withArguments = All(root).Where(node => node.TakesArguments).Select(node => Quote(node.Path)).ToList();
        script.Append("""
              esac
              if [[ ${words[CURRENT]} == -* ]]; then
                _describe -t options option options
                return
              fi
              (( ${#commands} )) && _describe -t commands command commands

            """);
        if (withArguments.Count > 0)
        {
            script.Append(CultureInvariant($$"""
                  case "$node" in
                    {{string.Join('|', withArguments)}}) _files ;;
                  esac

                """));
        }
        script.Append("""
            }
            compdef _drydock drydock

            """);
        return script.ToString();
    }

    private static string Fish(Node root)
    {
        var script = new StringBuilder();
        script.Append(CultureInvariant($$"""
            # fish completion for drydock {{ProjectInfo.Version}}. Load it with: drydock completion fish | source
            # or install it: drydock completion fish > ~/.config/fish/completions/drydock.fish
            complete -c drydock -f

            """));
        foreach (var node in All(root))
        {
            // A node is current when its own name was seen and none of its subcommands was.
            var condition = node == root
                ? "__fish_use_subcommand"
                : $"__fish_seen_subcommand_from {node.Name}" + (node.Children.Count > 0
                    ? $"; and not __fish_seen_subcommand_from {string.Join(' ', node.Children.Select(child => child.Name))}"
                    : string.Empty);
            foreach (var child in node.Children)
            {
                script.Append(CultureInvariant($"complete -c drydock -n {Quote(condition)} -a {Quote(child.Name)} -d {Quote(child.Description)}\n"));
            }
            foreach (var option in node.Options)
            {
                var flags = string.Join(' ', option.Names.Select(name =>
                    name.StartsWith("--", StringComparison.Ordinal) ? $"-l {Quote(name[2..])}"
                    : name.Length == 2 && name[0] == '-' && char.IsAsciiLetterOrDigit(name[1]) ? $"-s {Quote(name[1..])}"
                    : $"-o {Quote(name.TrimStart('-'))}"));
                var value = !option.TakesValue ? string.Empty
                    : option.Values.Count > 0 ? $" -x -a {Quote(string.Join(' ', option.Values))}"
                    : option.CompletesFiles ? " -r -F"
                    : " -x";
                script.Append(CultureInvariant($"complete -c drydock -n {Quote(condition)} {flags} -d {Quote(option.Description)}{value}\n"));
            }
            if (node.TakesArguments)
            {
                script.Append(CultureInvariant($"complete -c drydock -n {Quote(condition)} -F\n"));
            }
            if (node.ArgumentValues.Count > 0)
            {
                script.Append(CultureInvariant($"complete -c drydock -n {Quote(condition)} -a {Quote(string.Join(' ', node.ArgumentValues))}\n"));
            }
        }
        return script.ToString();
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
