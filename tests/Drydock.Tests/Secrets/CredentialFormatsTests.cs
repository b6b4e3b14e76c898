using Drydock.Compose.Rules;
using Drydock.Dockerfiles.Rules.Security;
using Drydock.Secrets;

namespace Drydock.Tests.Secrets;

/// <summary>One table of token formats: a value is a credential in a Dockerfile exactly when it is one in a Compose file.</summary>
public sealed class CredentialFormatsTests
{
    [Theory]
    [InlineData("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "what looks like a GitHub token")]
    [InlineData("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "what looks like a GitHub token")]
    [InlineData("AKIAIOSFODNN7EXAMPLE", "what looks like an AWS access key id")]
    [InlineData("glpat-abcdefghij0123456789", "what looks like a GitLab token")]
    [InlineData("npm_abcdefghijklmnopqrstuvwxyz0123456789", "what looks like an npm token")]
    [InlineData("ghp_short", null)]
    [InlineData("github_pat_tooshort", null)]
    [InlineData("postgres://app:${DB_PASSWORD}@db/app", null)]
    [InlineData("a plain sentence about tokens", null)]
    public void A_token_format_is_recognized_the_same_way_in_every_family(string value, string? expected)
    {
        CredentialFormats.Token(value).ShouldBe(expected);
        (HardcodedSecretRule.Describe(value) is not null).ShouldBe(expected is not null, "Dockerfile (DF037)");
        (SecretDetector.ValueShape(value) is not null).ShouldBe(expected is not null, "Compose (DC011, DC012, DC013)");
    }
}
