using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Drydock.Tests.TestSupport;

namespace Drydock.Tests.Examples;

/// <summary>examples/notes builds offline, comes up healthy, serves its API on 127.0.0.1 and leaves nothing behind.</summary>
[Trait("Category", EngineFixture.Category)]
public sealed class NotesExampleTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Notes_stack_comes_up_healthy_serves_its_api_and_is_torn_down()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var port = ComposeTestStack.FreeTcpPort();
        var directory = Path.Combine(RepoPaths.Examples, "notes");
        ComposeTestStack? stack = null;
        try
        {
            stack = await ComposeTestStack.UpAsync(engine.Client, directory,
                new Dictionary<string, string?> { ["NOTES_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }, timeout.Token);
            await stack.WaitHealthyAsync(expectedContainers: 2, TimeSpan.FromSeconds(90), timeout.Token);

            var containers = await stack.ContainersAsync(timeout.Token);
            foreach (var container in containers)
            {
                var details = await engine.Client.InspectContainerAsync(container.Id, timeout.Token);
                details.Config!.User.ShouldNotBeNullOrEmpty();
                details.Config.User.ShouldNotStartWith("0");
                details.Config.User.ShouldNotStartWith("root");
            }

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
            var health = await http.GetFromJsonAsync<JsonElement>("health", timeout.Token);
            health.GetProperty("status").GetString().ShouldBe("ok");

            var created = await http.PostAsJsonAsync("notes/", new { title = "ship it", body = "measured, not guessed" }, timeout.Token);
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
            var note = await created.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
            var id = note.GetProperty("id").GetInt64();
            created.Headers.Location!.ToString().ShouldBe($"/notes/{id}");

            var read = await http.GetFromJsonAsync<JsonElement>($"notes/{id}", timeout.Token);
            read.GetProperty("title").GetString().ShouldBe("ship it");

            var updated = await http.PutAsJsonAsync($"notes/{id}", new { title = "shipped", body = "" }, timeout.Token);
            updated.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await http.GetFromJsonAsync<JsonElement[]>("notes/", timeout.Token))!.ShouldContain(n => n.GetProperty("title").GetString() == "shipped");

            (await http.PostAsJsonAsync("notes/", new { title = "" }, timeout.Token)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await http.DeleteAsync($"notes/{id}", timeout.Token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            (await http.GetAsync($"notes/{id}", timeout.Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

            var metrics = await http.GetAsync("metrics", timeout.Token);
            metrics.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
            var exposition = await metrics.Content.ReadAsStringAsync(timeout.Token);
            exposition.ShouldContain("# TYPE notes_http_requests_total counter");
            exposition.ShouldContain("notes_http_requests_total{method=\"POST\",route=\"/notes/\",status=\"201\"} 1");
            exposition.ShouldContain("notes_created_total 1");
        }
        finally
        {
            if (stack is not null)
            {
                // Tears down and asserts no labelled container, network or volume is left.
                await stack.DisposeAsync();
            }
        }
    }
}
