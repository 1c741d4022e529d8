using System.Collections.Concurrent;

namespace Timpora.Cases.Integrity;

/// <summary>
/// The newest committed seal of each stream this node appended to, so the next append to that stream on this node
/// need not read it back. Only committed seals go in, and a committed event's seal never changes, so a hit is always
/// the right previous seal; a lookup hits only for the exact version asked for, so an append another node made since
/// is a miss and is read from the database. Bounded: two generations of at most <c>capacity</c> streams each, the
/// older dropped whole when the newer fills.
/// </summary>
public sealed class SealCache(int capacity = 50_000)
{
    private ConcurrentDictionary<Guid, Entry> current = new();
    private ConcurrentDictionary<Guid, Entry> previous = new();
    private readonly Lock rotation = new();

    private readonly record struct Entry(long Version, string Seal);

    /// <summary>The seal of <paramref name="streamId"/> at <paramref name="version"/>, if that is the newest this node committed.</summary>
    public string? Find(Guid streamId, long version)
    {
        if (current.TryGetValue(streamId, out var entry) || previous.TryGetValue(streamId, out entry))
            return entry.Version == version ? entry.Seal : null;
        return null;
    }

    public void Remember(Guid streamId, long version, string seal)
    {
        if (current.Count >= capacity)
        {
            lock (rotation)
            {
                if (current.Count >= capacity)
                {
                    previous = current;
                    current = new ConcurrentDictionary<Guid, Entry>();
                }
            }
        }

        current.AddOrUpdate(streamId, new Entry(version, seal),
            (_, known) => known.Version >= version ? known : new Entry(version, seal));
    }
}
