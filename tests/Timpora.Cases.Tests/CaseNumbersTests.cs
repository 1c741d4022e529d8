using Timpora.Cases.Deciding;

namespace Timpora.Cases.Tests;

public class CaseNumbersTests
{
    [Fact]
    public void a_case_number_is_the_regency_the_year_and_a_six_digit_sequence()
    {
        CaseNumbers.Format("Soppeng", 2025, 42).Should().Be("SOPPENG-2025-000042");
    }

    [Theory]
    [InlineData("Parepare", 2025, 1, "PAREPARE-2025-000001")]
    [InlineData("Barru", 2026, 999_999, "BARRU-2026-999999")]
    [InlineData("Barru", 2026, 1_000_000, "BARRU-2026-1000000")]
    public void the_sequence_is_padded_to_six_digits_and_never_cut(string regency, int year, long sequence, string expected)
    {
        CaseNumbers.Format(regency, year, sequence).Should().Be(expected);
    }

    [Theory]
    [InlineData("Soppeng", 42)]
    [InlineData("Sidenreng Rappang", 7)]
    [InlineData("Toraja - Utara", 1_000_000)]
    public void the_sequence_reads_back_from_the_number(string regency, long sequence)
    {
        CaseNumbers.Sequence(CaseNumbers.Format(regency, 2025, sequence)).Should().Be(sequence);
    }

    [Theory]
    [InlineData("SOPPENG-2025-")]
    [InlineData("SOPPENG-2025-00004x")]
    [InlineData("SOPPENG-2025-+42")]
    public void a_number_without_a_sequence_reads_back_as_none(string caseNumber)
    {
        CaseNumbers.Sequence(caseNumber).Should().BeNull();
    }

    [Theory]
    [InlineData("Sidenreng Rappang", "SIDENRENG-RAPPANG-2025-000007")]
    [InlineData("Pangkajene dan Kepulauan", "PANGKAJENE-DAN-KEPULAUAN-2025-000007")]
    [InlineData("Kota Parepare", "KOTA-PAREPARE-2025-000007")]
    [InlineData("  Luwu   Utara ", "LUWU-UTARA-2025-000007")]
    [InlineData("Tana_Toraja", "TANA-TORAJA-2025-000007")]
    [InlineData("Toraja - Utara", "TORAJA-UTARA-2025-000007")]
    public void a_regency_of_several_words_is_joined_by_single_hyphens(string regency, string expected)
    {
        CaseNumbers.Format(regency, 2025, 7).Should().Be(expected);
    }

    [Theory]
    [InlineData("Bône", "BONE-2025-000042")]
    [InlineData("Sélayar", "SELAYAR-2025-000042")]
    [InlineData("Bone\u0301", "BONE-2025-000042")]
    public void an_accented_letter_keeps_its_base_letter_in_the_case_number(string regency, string expected)
    {
        CaseNumbers.Format(regency, 2025, 42).Should().Be(expected);
    }

    [Theory]
    [InlineData("Kab. Barru", "KAB-BARRU")]
    [InlineData("Pare'pare", "PAREPARE")]
    public void punctuation_is_dropped_from_the_prefix(string regency, string prefix)
    {
        CaseNumbers.Prefix(regency).Should().Be(prefix);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("—")]
    public void a_regency_without_letters_gives_a_generic_prefix(string regency)
    {
        CaseNumbers.Format(regency, 2025, 3).Should().Be("CASE-2025-000003");
    }
}
