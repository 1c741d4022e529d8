using Timpora.Cases.Integrity;

namespace Timpora.Cases.Tests.Integrity;

public sealed class SealCacheTests
{
    private static readonly Guid Stream = Guid.Parse("0196a000-0000-7000-8000-0000000000b1");

    [Fact]
    public void a_seal_is_found_only_for_the_version_it_was_committed_at()
    {
        var cache = new SealCache();
        cache.Remember(Stream, 3, "seal-3");

        cache.Find(Stream, 3).Should().Be("seal-3");
        cache.Find(Stream, 2).Should().BeNull("an older version's seal is not the newest");
        cache.Find(Stream, 4).Should().BeNull("another node may have appended version 4");
        cache.Find(Guid.NewGuid(), 3).Should().BeNull();
    }

    [Fact]
    public void a_late_remember_of_an_older_version_does_not_replace_a_newer_one()
    {
        var cache = new SealCache();
        cache.Remember(Stream, 5, "seal-5");
        cache.Remember(Stream, 4, "seal-4");

        cache.Find(Stream, 5).Should().Be("seal-5");
    }

    [Fact]
    public void it_keeps_at_most_two_generations_of_streams()
    {
        var cache = new SealCache(capacity: 2);
        var streams = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        foreach (var stream in streams) cache.Remember(stream, 1, stream.ToString());

        cache.Find(streams[0], 1).Should().BeNull("the oldest generation was dropped");
        cache.Find(streams[^1], 1).Should().Be(streams[^1].ToString());
        cache.Find(streams[^2], 1).Should().Be(streams[^2].ToString());
    }
}
