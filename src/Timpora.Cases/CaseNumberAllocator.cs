using System.Collections.Concurrent;
using Marten;
using Npgsql;
using Timpora.Cases.Deciding;
using Weasel.Postgresql.Tables;

namespace Timpora.Cases;

/// <summary>
/// Hands out case numbers per regency and year. The database row of a regency and year holds the last number
/// reserved; a node reserves a block of <see cref="BlockSize"/> numbers at a time in a transaction of its own and
/// hands them out from memory, so nearly every opening costs no database round trip for its number. Nodes never
/// receive the same number. Numbers a node reserved but did not use when it stops, and the number of a case whose
/// append then fails, are never handed out: the sequence has gaps, never repeats, and across several nodes it is
/// unique rather than in order of opening.
/// </summary>
public sealed class CaseNumberAllocator(IDocumentStore store, int blockSize = CaseNumberAllocator.DefaultBlockSize)
{
    public const int DefaultBlockSize = 20;
    private const string TableName = "case_number_sequences";

    private readonly ConcurrentDictionary<(string Prefix, int Year), Block> blocks = new();

    public int BlockSize { get; } = blockSize >= 1 ? blockSize : throw new ArgumentOutOfRangeException(nameof(blockSize), "At least 1.");

    internal static Table Table()
    {
        var table = new Table($"{CasesStore.Schema}.{TableName}");
        table.AddColumn<string>("prefix").AsPrimaryKey();
        table.AddColumn<int>("year").AsPrimaryKey();
        table.AddColumn<long>("last_sequence").NotNull();
        return table;
    }

    public async Task<string> NextAsync(string regency, int year, CancellationToken cancellation)
    {
        var prefix = CaseNumbers.Prefix(regency);
        var block = blocks.GetOrAdd((prefix, year), _ => new Block());
        return CaseNumbers.Format(regency, year, await block.TakeAsync(
            cancel => ReserveAsync(regency, year, BlockSize, cancel), BlockSize, cancellation));
    }

    /// <summary>
    /// Takes back a number whose case was never stored (its append was refused as a whole), so that the next opening in
    /// that regency and year gets it, when no other number was handed out since. Never call it for an append whose
    /// outcome is unknown.
    /// </summary>
    public async Task GiveBackAsync(string caseNumber, string regency, int year)
    {
        if (!blocks.TryGetValue((CaseNumbers.Prefix(regency), year), out var block) || CaseNumbers.Sequence(caseNumber) is not { } sequence) return;
        await block.GiveBackAsync(sequence);
    }

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

    /// <summary>The numbers of one regency and year this node holds: [next, end).</summary>
    private sealed class Block
    {
        private readonly SemaphoreSlim gate = new(1, 1);
        private long next;
        private long end;

        public async Task<long> TakeAsync(Func<CancellationToken, Task<long>> reserve, int size, CancellationToken cancellation)
        {
            await gate.WaitAsync(cancellation);
            try
            {
                if (next == end)
                {
                    next = await reserve(cancellation);
                    end = next + size;
                }

                return next++;
            }
            finally
            {
                gate.Release();
            }
        }

        public async Task GiveBackAsync(long sequence)
        {
            await gate.WaitAsync();
            try
            {
                if (next == sequence + 1) next = sequence;
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
