using System.Text.Json;
using Notes;

namespace AgentHost;

/// <summary>
/// A session is a Redis list of JSON messages (<c>session:{id}</c>), user and agent in turn. Each exchange is one
/// RPUSH of both messages, so a session never holds a question without its answer.
/// </summary>
public sealed class SessionStore(RedisConnection redis, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<long> TurnsAsync(string sessionId, CancellationToken cancellationToken) =>
        (await redis.ExecuteAsync(cancellationToken, "LLEN", Key(sessionId))).Integer / 2;

    public async Task AppendExchangeAsync(string sessionId, string message, string answer, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        await redis.ExecuteAsync(cancellationToken, "RPUSH", Key(sessionId),
            JsonSerializer.Serialize(new ChatMessage("user", message, now), AgentJson.Default.ChatMessage),
            JsonSerializer.Serialize(new ChatMessage("agent", answer, now), AgentJson.Default.ChatMessage));
    }

    public async Task<ChatMessage[]> MessagesAsync(string sessionId, CancellationToken cancellationToken)
    {
        var values = await redis.ExecuteAsync(cancellationToken, "LRANGE", Key(sessionId), "0", "-1");
        return values.Items is not { Count: > 0 } items
            ? []
            : items.Where(item => item.Text is not null).Select(item => JsonSerializer.Deserialize(item.Text!, AgentJson.Default.ChatMessage)!).ToArray();
    }

    private static string Key(string sessionId) => $"session:{sessionId}";
}
