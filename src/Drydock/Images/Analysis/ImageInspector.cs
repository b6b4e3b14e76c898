using Drydock.Engine;
using Drydock.Images.Layers;
using Drydock.Images.Sources;

namespace Drydock.Images.Analysis;

/// <summary>
/// The entry point for analysing an image, for <c>drydock inspect</c> and for <c>drydock verify</c>'s per-service image
/// checks: read a source (streamed, never extracted), merge its layers, and return the <see cref="ImageAnalysis"/>
/// (user, files and globs, waste). Run <see cref="Rules.ImageRules.Run"/> on the result for IM findings.
/// </summary>
public static class ImageInspector
{
    public static async Task<ImageAnalysis> AnalyzeAsync(IImageSource source, CancellationToken cancellationToken, LayerScanOptions? options = null)
    {
        var content = await source.ReadAsync(options ?? LayerScanOptions.Default, cancellationToken).ConfigureAwait(false);
        return ImageAnalyzer.Analyze(content);
    }

    /// <summary>Analyses an image the engine holds, by name, tag or id (what <c>docker image inspect</c> accepts).</summary>
    public static Task<ImageAnalysis> AnalyzeEngineImageAsync(DockerClient client, string reference, CancellationToken cancellationToken) =>
        AnalyzeAsync(new EngineImageSource(client, reference), cancellationToken);
}
