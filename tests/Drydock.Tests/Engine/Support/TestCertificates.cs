using Drydock.Processes;

namespace Drydock.Tests.Engine.Support;

/// <summary>
/// A throw-away PKI made with openssl the way Docker's "Protect the Docker daemon socket" guide makes one: a CA,
/// a server certificate for 127.0.0.1/localhost, a client certificate (its key in the traditional PKCS#1 form
/// older guides produce), plus an unrelated CA and a server certificate for another host name, for the failures.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>ca.pem, cert.pem and key.pem: what DOCKER_CERT_PATH points at.</summary>
    public string ClientDirectory => Path.Combine(Directory, "client");

    /// <summary>A DOCKER_CERT_PATH whose ca.pem is another CA (the engine's certificate is not trusted).</summary>
    public string UntrustingClientDirectory => Path.Combine(Directory, "client-other-ca");

    /// <summary>A DOCKER_CERT_PATH with the CA only (no client certificate).</summary>
    public string CaOnlyDirectory => Path.Combine(Directory, "ca-only");

    public string CaFile => Path.Combine(Directory, "ca.pem");

    public string ServerCertificate => Path.Combine(Directory, "server-cert.pem");

    public string ServerKey => Path.Combine(Directory, "server-key.pem");

    public string WrongHostCertificate => Path.Combine(Directory, "wrong-host-cert.pem");

    public string WrongHostKey => Path.Combine(Directory, "wrong-host-key.pem");

    public static async Task<TestCertificates> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"drydock-tls-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var certificates = new TestCertificates(directory);
        try
        {
            await certificates.GenerateAsync();
        }
        catch
        {
            certificates.Dispose();
            throw;
        }
        return certificates;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task GenerateAsync()
    {
        if (ProcessRunner.FindOnPath("openssl") is null)
        {
            throw new InvalidOperationException("The TLS tests need openssl (apt package openssl; scripts/setup-engine.sh installs it).");
        }
        await File.WriteAllTextAsync(Path.Combine(Directory, "server.cnf"), "subjectAltName = DNS:localhost,IP:127.0.0.1\nextendedKeyUsage = serverAuth\n");
        await File.WriteAllTextAsync(Path.Combine(Directory, "wrong-host.cnf"), "subjectAltName = DNS:engine.elsewhere.example\nextendedKeyUsage = serverAuth\n");
        await File.WriteAllTextAsync(Path.Combine(Directory, "client.cnf"), "extendedKeyUsage = clientAuth\n");

        await OpenSslAsync("genrsa", "-out", "ca-key.pem", "2048");
        await OpenSslAsync("req", "-new", "-x509", "-days", "2", "-key", "ca-key.pem", "-sha256", "-subj", "/CN=drydock-test-ca", "-out", "ca.pem");
        await OpenSslAsync("genrsa", "-out", "other-ca-key.pem", "2048");
        await OpenSslAsync("req", "-new", "-x509", "-days", "2", "-key", "other-ca-key.pem", "-sha256", "-subj", "/CN=drydock-test-other-ca", "-out", "other-ca.pem");

        await SignAsync("server", "/CN=127.0.0.1", "server.cnf", traditionalKey: false);
        await SignAsync("wrong-host", "/CN=engine.elsewhere.example", "wrong-host.cnf", traditionalKey: false);
        await SignAsync("client", "/CN=drydock-test-client", "client.cnf", traditionalKey: true);

        System.IO.Directory.CreateDirectory(ClientDirectory);
        File.Copy(CaFile, Path.Combine(ClientDirectory, "ca.pem"));
        File.Copy(Path.Combine(Directory, "client-cert.pem"), Path.Combine(ClientDirectory, "cert.pem"));
        File.Copy(Path.Combine(Directory, "client-key.pem"), Path.Combine(ClientDirectory, "key.pem"));
        System.IO.Directory.CreateDirectory(UntrustingClientDirectory);
        File.Copy(Path.Combine(Directory, "other-ca.pem"), Path.Combine(UntrustingClientDirectory, "ca.pem"));
        File.Copy(Path.Combine(Directory, "client-cert.pem"), Path.Combine(UntrustingClientDirectory, "cert.pem"));
        File.Copy(Path.Combine(Directory, "client-key.pem"), Path.Combine(UntrustingClientDirectory, "key.pem"));
        System.IO.Directory.CreateDirectory(CaOnlyDirectory);
        File.Copy(CaFile, Path.Combine(CaOnlyDirectory, "ca.pem"));
    }

    private async Task SignAsync(string name, string subject, string extensions, bool traditionalKey)
    {
        await OpenSslAsync(traditionalKey ? ["genrsa", "-traditional", "-out", $"{name}-key.pem", "2048"] : ["genrsa", "-out", $"{name}-key.pem", "2048"]);
        await OpenSslAsync("req", "-subj", subject, "-sha256", "-new", "-key", $"{name}-key.pem", "-out", $"{name}.csr");
        await OpenSslAsync("x509", "-req", "-days", "2", "-sha256", "-in", $"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-out", $"{name}-cert.pem", "-extfile", extensions);
    }

    private async Task OpenSslAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("openssl", arguments, new ProcessRunOptions { WorkingDirectory = Directory, Timeout = TimeSpan.FromSeconds(60) });
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}");
        }
    }
}
