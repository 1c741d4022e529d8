using Marten;
using Npgsql;
using Timpora.Cases.Deciding;
using Weasel.Postgresql.Tables;

namespace Timpora.Cases;

/// <summary>
/// Hands out case-number sequences per regency and year. The upsert takes a row lock, so concurrent openings
/// in one regency queue for a moment and never receive the same number. A number is taken in its own
/// transaction: a case whose append then fails leaves a gap, never a repeat.
/// </summary>
public sealed class CaseNumberAllocator(IDocumentStore store)
{
    private const string TableName = "case_number_sequences";

    internal static Table Table()
    {
        var table = new Table($"{CasesStore.Schema}.{TableName}");
        table.AddColumn<string>("prefix").AsPrimaryKey();
        table.AddColumn<int>("year").AsPrimaryKey();
        table.AddColumn<long>("last_sequence").NotNull();
        return table;
    }

    public async Task<string> NextAsync(string regency, int year, CancellationToken cancellation) =>
        CaseNumbers.Format(regency, year, await ReserveAsync(regency, year, 1, cancellation));

    /// <summary>Reserves <paramref name="count"/> consecutive numbers at once (bulk loading) and returns the first.</summary>
    public async Task<long> ReserveAsync(string regency, int year, int count, CancellationToken cancellation)
    {
        var prefix = CaseNumbers.Prefix(regency);
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"""
             insert into {CasesStore.Schema}.{TableName} (prefix, year, last_sequence) values (@prefix, @year, @count)
             on conflict (prefix, year) do update set last_sequence = {TableName}.last_sequence + @count
             returning last_sequence
             """, connection);
        command.Parameters.AddWithValue("prefix", prefix);
        command.Parameters.AddWithValue("year", year);
        command.Parameters.AddWithValue("count", (long)count);
        var last = (long)(await command.ExecuteScalarAsync(cancellation))!;
        return last - count + 1;
    }
}
