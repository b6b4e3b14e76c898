using Drydock.Images.Analysis;
using Drydock.Measurements;
using Drydock.Verification.Config;

namespace Drydock.Verification;

/// <summary>drydock.yml's <c>image:</c> expectations, checked on the service's image as <c>drydock inspect</c> reads it.</summary>
public static class ImageExpectationCheck
{
    private const int NamedFiles = 5;

    public static IReadOnlyList<ProbeResult> Check(string service, ImageAnalysis image, ImageExpectations expectations)
    {
        var results = new List<ProbeResult>();
        if (expectations.User is { } user)
        {
            var isRoot = image.Config.User.IsRoot;
            var wanted = user == UserExpectation.NonRoot ? "non-root" : "root";
            var passed = user == UserExpectation.NonRoot ? !isRoot : isRoot;
            results.Add(Result(service, $"image user {wanted}", passed, $"runs as {image.Config.User}"));
        }
        foreach (var glob in expectations.Absent)
        {
            var matches = image.Match([glob.Pattern]);
            results.Add(Result(service, $"image absent {glob.Pattern}", matches.Count == 0,
                matches.Count == 0 ? "no file matches" : $"{matches.Count} file(s) match: {Names(matches)}"));
        }
        foreach (var glob in expectations.Present)
        {
            var matches = image.Match([glob.Pattern]);
            results.Add(Result(service, $"image present {glob.Pattern}", matches.Count > 0,
                matches.Count == 0 ? "no file matches" : $"{matches.Count} file(s) match, e.g. {Names(matches)}"));
        }
        if (expectations.MaxWastedBytes is { } maxWasted)
        {
            results.Add(Result(service, $"image wasted <= {Units.FormatBytes(maxWasted)}", image.WastedBytes <= maxWasted,
                $"{Units.FormatBytes(image.WastedBytes)} wasted, efficiency {image.Efficiency:P1}"));
        }
        return results;
    }

    private static ProbeResult Result(string service, string name, bool passed, string detail) =>
        new(service, name, passed ? ProbeStatus.Passed : ProbeStatus.Failed, 1, 0, detail);

    private static string Names(IReadOnlyList<Images.Layers.MergedFile> files) =>
        string.Join(", ", files.Take(NamedFiles).Select(file => file.Path)) + (files.Count > NamedFiles ? ", …" : string.Empty);
}
