using System.Text;
using Timpora.Cases.Integrity;

namespace Timpora.Cases.Tests.Integrity;

public sealed class SealTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("a-test-key-of-at-least-thirty-two-bytes");

    private static Seal.Subject Subject(string data = """{"caseId":"x","text":"hello"}""") => new(
        Seal.Genesis, Guid.Parse("0196a000-0000-7000-8000-0000000000aa"), 1, "note_added", Seal.Canonical(data),
        "inv-andi", "Andi Saputra", "IMIGRASI", "investigator", new DateTimeOffset(2025, 7, 9, 0, 30, 0, TimeSpan.Zero));

    [Fact]
    public void json_as_postgresql_returns_it_has_the_same_canonical_form_as_json_as_written()
    {
        const string written = """{"text":"Bône ☕","caseId":"x","n":-4.35,"list":[{"b":1,"a":2}]}""";
        const string readBack = """{"n": -4.35, "list": [{"a": 2, "b": 1}], "text": "B\u00f4ne \u2615", "caseId": "x"}""";

        Seal.Canonical(readBack).Should().Be(Seal.Canonical(written));
    }

    [Fact]
    public void every_sealed_field_changes_the_seal()
    {
        var original = Seal.Compute(Key, Subject());
        Seal.Subject[] changed =
        [
            Subject() with { PreviousSeal = "ab" },
            Subject() with { StreamId = Guid.Empty },
            Subject() with { Version = 2 },
            Subject() with { EventType = "case_closed" },
            Subject("""{"caseId":"x","text":"hellO"}"""),
            Subject() with { UserId = "someone" },
            Subject() with { UserName = "Someone" },
            Subject() with { Agency = "POLRI" },
            Subject() with { Role = "supervisor" },
            Subject() with { Timestamp = Subject().Timestamp.AddTicks(10) },
        ];

        changed.Select(s => Seal.Compute(Key, s)).Should().NotContain(original).And.OnlyHaveUniqueItems();
        Seal.Compute(Encoding.UTF8.GetBytes("another-test-key-of-thirty-two-bytes!!"), Subject()).Should().NotBe(original);
    }

    [Fact]
    public void fields_cannot_be_shifted_into_each_other()
    {
        Seal.Compute(Key, Subject() with { UserId = "ab", UserName = "c" })
            .Should().NotBe(Seal.Compute(Key, Subject() with { UserId = "a", UserName = "bc" }));
    }

    [Fact]
    public void the_seal_covers_the_timestamp_as_the_database_stores_it()
    {
        var exact = Subject() with { Timestamp = new DateTimeOffset(2025, 7, 9, 8, 30, 0, TimeSpan.FromHours(8)).AddTicks(1234567) };

        Seal.Storable(exact.Timestamp).UtcTicks.Should().Be(exact.Timestamp.UtcTicks - 7);
        Seal.Compute(Key, exact).Should().Be(Seal.Compute(Key, exact with { Timestamp = Seal.Storable(exact.Timestamp) }));
    }

    [Fact]
    public void a_rotated_key_ring_keeps_the_old_key_for_verifying()
    {
        var oldKey = Encoding.UTF8.GetBytes("the-old-key-of-at-least-thirty-two-bytes");
        var ring = new IntegrityKeys("k2", new Dictionary<string, byte[]> { ["k1"] = oldKey, ["k2"] = Key });

        ring.Current.Should().Equal(Key);
        ring.Find("k1").Should().Equal(oldKey);
        ring.Find("k3").Should().BeNull();
        var tooShort = () => new IntegrityKeys("k1", new Dictionary<string, byte[]> { ["k1"] = [1, 2, 3] });
        tooShort.Should().Throw<ArgumentException>();
    }
}
