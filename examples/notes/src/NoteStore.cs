using System.Globalization;
using System.Text.Json;

namespace Notes;

/// <summary>Notes as JSON strings in Redis (<c>note:{id}</c>), their ids in a set, ids from a counter.</summary>
public sealed class NoteStore(RedisConnection redis, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<Note[]> ListAsync(CancellationToken cancellationToken)
    {
        var ids = await redis.ExecuteAsync(cancellationToken, "SMEMBERS", "notes:ids");
        if (ids.Items is not { Count: > 0 } members)
        {
            return [];
        }
        var keys = members.Select(member => Key(long.Parse(member.Text!, CultureInfo.InvariantCulture))).ToArray();
        var values = await redis.ExecuteAsync(cancellationToken, ["MGET", .. keys]);
        return values.Items!
            .Where(value => value.Text is not null)
            .Select(value => JsonSerializer.Deserialize(value.Text!, NotesJson.Default.Note)!)
            .OrderBy(note => note.Id)
            .ToArray();
    }

    public async Task<Note?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var value = await redis.ExecuteAsync(cancellationToken, "GET", Key(id));
        return value.Text is null ? null : JsonSerializer.Deserialize(value.Text, NotesJson.Default.Note);
    }

    public async Task<Note> CreateAsync(NoteInput input, CancellationToken cancellationToken)
    {
        var id = (await redis.ExecuteAsync(cancellationToken, "INCR", "notes:seq")).Integer;
        var now = _clock.GetUtcNow();
        var note = new Note(id, input.Title!.Trim(), input.Body ?? string.Empty, now, now);
        await redis.ExecuteAsync(cancellationToken, "SET", Key(id), JsonSerializer.Serialize(note, NotesJson.Default.Note));
        await redis.ExecuteAsync(cancellationToken, "SADD", "notes:ids", id.ToString(CultureInfo.InvariantCulture));
        return note;
    }

    public async Task<Note?> UpdateAsync(long id, NoteInput input, CancellationToken cancellationToken)
    {
        if (await GetAsync(id, cancellationToken) is not { } existing)
        {
            return null;
        }
        var note = existing with { Title = input.Title!.Trim(), Body = input.Body ?? string.Empty, UpdatedAt = _clock.GetUtcNow() };
        await redis.ExecuteAsync(cancellationToken, "SET", Key(id), JsonSerializer.Serialize(note, NotesJson.Default.Note));
        return note;
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var removed = (await redis.ExecuteAsync(cancellationToken, "DEL", Key(id))).Integer;
        await redis.ExecuteAsync(cancellationToken, "SREM", "notes:ids", id.ToString(CultureInfo.InvariantCulture));
        return removed > 0;
    }

    private static string Key(long id) => $"note:{id.ToString(CultureInfo.InvariantCulture)}";
}
