using Timpora.Cases.Listing;

namespace Timpora.Cases.Tests.Listing;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("Nguyễn Văn An", "nguyen van an")]
    [InlineData("  WEI,  Li ", "wei li")]
    [InlineData("Müller-Lüdenscheidt", "muller ludenscheidt")]
    [InlineData("E 1234-5678", "e 1234 5678")]
    [InlineData("%_\\", "")]
    [InlineData(null, "")]
    public void folding_keeps_letters_and_digits_lower_case_without_accents(string? text, string folded) =>
        SearchText.Fold(text).Should().Be(folded);

    [Theory]
    [InlineData("e 1234-5678", "e12345678")]
    [InlineData("SOPPENG-2026-000013", "soppeng2026000013")]
    public void identifiers_compact_to_their_letters_and_digits(string identifier, string compact) =>
        SearchText.Compact(identifier).Should().Be(compact);

    [Fact]
    public void a_case_is_found_by_the_words_of_its_names_and_its_compacted_identifiers()
    {
        var @case = new Case
        {
            CaseNumber = "SOPPENG-2026-000013",
            Subject = new SubjectDescription("Nguyễn Văn An", "VNM", "c 1234-567", Sex.Male, null, "Nguyen, a fisherman"),
        };

        SearchText.Terms(@case).Should().Equal("soppeng2026000013", "c1234567", "nguyen", "van", "an");
    }
}
