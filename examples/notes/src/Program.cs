using System.Text.Json;
using System.Text.Json.Serialization;
using Notes;

// A small notes service: JSON CRUD over Redis, /health for the orchestrator, /metrics for Prometheus.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(options =>
{
    options.SingleLine = true;
    options.UseUtcTimestamp = true;
    options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
});
// Per-request framework logs are noise at this size; warnings and the service's own logs remain.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, NotesJson.Default));

var redisOptions = RedisOptions.FromEnvironment();
builder.Services.AddSingleton(redisOptions);
builder.Services.AddSingleton<RedisConnection>();
builder.Services.AddSingleton<NoteStore>();
builder.Services.AddSingleton<ServiceMetrics>();

var app = builder.Build();
var metrics = app.Services.GetRequiredService<ServiceMetrics>();

app.Use(async (context, next) =>
{
    var started = System.Diagnostics.Stopwatch.GetTimestamp();
    await next(context);
    var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
    metrics.RecordRequest(context.Request.Method, route, context.Response.StatusCode, System.Diagnostics.Stopwatch.GetElapsedTime(started));
});

// Storage outages are the dependency's fault, not the client's: answer 503 (already logged as a warning) and keep serving.
app.Use(async (context, next) =>
{
    try
    {
        await next(context);
    }
    catch (RedisUnavailableException) when (!context.Response.HasStarted)
    {
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        await context.Response.WriteAsJsonAsync(new ApiError("storage unavailable"), NotesJson.Default.ApiError);
    }
});

app.MapGet("/health", async (RedisConnection redis, CancellationToken cancellationToken) =>
{
    try
    {
        await redis.PingAsync(cancellationToken);
        return Results.Ok(new Health("ok", "ok"));
    }
    catch (RedisUnavailableException ex)
    {
        return Results.Json(new Health("degraded", ex.Message), NotesJson.Default.Health, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
});

app.MapGet("/metrics", (ServiceMetrics serviceMetrics) =>
    Results.Text(serviceMetrics.Render(), "text/plain; version=0.0.4; charset=utf-8"));

var notes = app.MapGroup("/notes");
notes.MapGet("/", async (NoteStore store, CancellationToken ct) => Results.Ok(await store.ListAsync(ct)));
notes.MapGet("/{id:long}", async (long id, NoteStore store, CancellationToken ct) =>
    await store.GetAsync(id, ct) is { } note ? Results.Ok(note) : NotFound(id));
notes.MapPost("/", async (NoteInput input, NoteStore store, CancellationToken ct) =>
{
    if (input.Validate() is { } problem)
    {
        return Results.BadRequest(new ApiError(problem));
    }
    var note = await store.CreateAsync(input, ct);
    metrics.NoteCreated();
    return Results.Created($"/notes/{note.Id}", note);
});
notes.MapPut("/{id:long}", async (long id, NoteInput input, NoteStore store, CancellationToken ct) =>
{
    if (input.Validate() is { } problem)
    {
        return Results.BadRequest(new ApiError(problem));
    }
    return await store.UpdateAsync(id, input, ct) is { } note ? Results.Ok(note) : NotFound(id);
});
notes.MapDelete("/{id:long}", async (long id, NoteStore store, CancellationToken ct) =>
    await store.DeleteAsync(id, ct) ? Results.NoContent() : NotFound(id));

app.Run();

static IResult NotFound(long id) => Results.NotFound(new ApiError($"note {id} not found"));

namespace Notes
{
    public sealed record Health(string Status, string Redis);

    public sealed record ApiError(string Error);

    public sealed record Note(long Id, string Title, string Body, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public sealed record NoteInput(string? Title, string? Body)
    {
        public string? Validate() =>
            string.IsNullOrWhiteSpace(Title) ? "title is required"
            : Title.Length > 200 ? "title is longer than 200 characters"
            : Body is { Length: > 10_000 } ? "body is longer than 10000 characters"
            : null;
    }

    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(Health))]
    [JsonSerializable(typeof(ApiError))]
    [JsonSerializable(typeof(Note))]
    [JsonSerializable(typeof(Note[]))]
    [JsonSerializable(typeof(NoteInput))]
    internal sealed partial class NotesJson : JsonSerializerContext;
}
