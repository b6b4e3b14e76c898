namespace AgentHost;

/// <summary>
/// The stand-in for a model-backed agent: deterministic (the same message and turn give the same answer), so a
/// verification run can assert on it. It echoes the message and summarizes it.
/// </summary>
public sealed class EchoAgent(string name)
{
    private const int SummaryWords = 8;

    public string Name { get; } = name;

    public string Answer(string message, long turn)
    {
        var words = message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var summary = string.Join(' ', words.Take(SummaryWords)) + (words.Length > SummaryWords ? " …" : string.Empty);
        return $"{Name} (turn {turn}) heard {words.Length} word{(words.Length == 1 ? "" : "s")}: \"{summary}\"";
    }
}
