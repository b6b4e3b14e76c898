namespace Drydock.Configuration;

/// <summary>
/// Collects the errors of one drydock.yml so a run reports all of them at once: each section, entry or list item is
/// read under <see cref="Try"/>, and a bad one is recorded and skipped instead of ending the parse.
/// </summary>
public sealed class ConfigErrors
{
    private readonly List<DrydockException> _errors = [];

    public IReadOnlyList<DrydockException> All => _errors;

    /// <summary>Runs <paramref name="read"/>; a <see cref="DrydockException"/> it throws is recorded. True when it succeeded.</summary>
    public bool Try(Action read)
    {
        try
        {
            read();
            return true;
        }
        catch (DrydockException error)
        {
            Add(error);
            return false;
        }
    }

    public void Add(DrydockException error)
    {
        if (error is ConfigException several)
        {
            _errors.AddRange(several.Errors);
        }
        else
        {
            _errors.Add(error);
        }
    }

    /// <summary>Throws every recorded error as one <see cref="ConfigException"/>, when there is any.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new ConfigException(_errors);
        }
    }
}

/// <summary>
/// Every error of a drydock.yml, in reading order. It carries the first error's message, span and fix, so whoever
/// reports one error reports the first; the CLI prints them all, each with its <c>file:line:column</c>.
/// </summary>
public sealed class ConfigException : DrydockException
{
    public ConfigException(IReadOnlyList<DrydockException> errors)
        : base(errors[0].Message, errors[0].Span, errors[0].Fix, errors[0])
    {
        Errors = [.. errors];
    }

    public IReadOnlyList<DrydockException> Errors { get; }
}
