using System.Text.Json;
using System.Text.Json.Serialization;
using AgentHost;
// RedisConnection comes from Redis.cs, kept identical to examples/notes/src/Redis.cs (namespace included) so the
// two examples can later share one file.
using Notes;

// An agent host: a chat API whose sessions live in Redis, /health for the orchestrator.
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
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, AgentJson.Default));

builder.Services.AddSingleton(RedisOptions.FromEnvironment());
builder.Services.AddSingleton<RedisConnection>();
builder.Services.AddSingleton<SessionStore>();
builder.Services.AddSingleton(new EchoAgent(Environment.GetEnvironmentVariable("AGENT_NAME") is { Length: > 0 } name ? name : "drydock-agent"));

var app = builder.Build();

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
        await context.Response.WriteAsJsonAsync(new ApiError("session storage unavailable"), AgentJson.Default.ApiError);
    }
});

// Liveness only, so it stays fast (S5: < 100 ms): Redis trouble shows as 503 on /chat, not as a restart loop.
app.MapGet("/health", () => Results.Ok(new Health("healthy")));

app.MapPost("/chat", async (ChatRequest request, EchoAgent agent, SessionStore sessions, CancellationToken ct) =>
{
    if (request.Validate() is { } problem)
    {
        return Results.BadRequest(new ApiError(problem));
    }
    var turn = await sessions.TurnsAsync(request.SessionId!, ct) + 1;
    var answer = agent.Answer(request.Message!, turn);
    await sessions.AppendExchangeAsync(request.SessionId!, request.Message!, answer, ct);
    return Results.Ok(new ChatResponse(request.SessionId!, agent.Name, turn, answer));
});

app.MapGet("/sessions/{id}", async (string id, SessionStore sessions, CancellationToken ct) =>
{
    if (!ChatRequest.IsValidSessionId(id))
    {
        return Results.BadRequest(new ApiError(ChatRequest.SessionIdRule));
    }
    var messages = await sessions.MessagesAsync(id, ct);
    return messages.Length == 0 ? Results.NotFound(new ApiError($"session {id} not found")) : Results.Ok(new Session(id, messages));
});

app.Run();

namespace AgentHost
{
    public sealed record Health(string Status);

    public sealed record ApiError(string Error);

    public sealed record ChatRequest(string? SessionId, string? Message)
    {
        public const string SessionIdRule = "sessionId must be 1 to 64 letters, digits, '-' or '_'";
        public const int MaxMessageLength = 4000;

        public string? Validate() =>
            !IsValidSessionId(SessionId) ? SessionIdRule
            : string.IsNullOrWhiteSpace(Message) ? "message is required"
            : Message.Length > MaxMessageLength ? $"message is longer than {MaxMessageLength} characters"
            : null;

        public static bool IsValidSessionId(string? id) =>
            id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
    }

    public sealed record ChatResponse(string SessionId, string Agent, long Turn, string Answer);

    public sealed record ChatMessage(string Role, string Content, DateTimeOffset At);

    public sealed record Session(string SessionId, ChatMessage[] Messages);

    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(Health))]
    [JsonSerializable(typeof(ApiError))]
    [JsonSerializable(typeof(ChatRequest))]
    [JsonSerializable(typeof(ChatResponse))]
    [JsonSerializable(typeof(ChatMessage))]
    [JsonSerializable(typeof(Session))]
    internal sealed partial class AgentJson : JsonSerializerContext;
}
