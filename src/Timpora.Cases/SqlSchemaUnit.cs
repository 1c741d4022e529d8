using DbDataReader = System.Data.Common.DbDataReader;
using System.Security.Cryptography;
using System.Text;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;

namespace Timpora.Cases;

/// <summary>
/// Tables, functions, triggers and indexes that Marten does not model, kept as one unit by one SQL script: a migration
/// runs the script when the unit is missing or the script has changed, so the script drops what it creates before
/// creating it. The script's hash is kept as a comment on the unit's table and the unit's triggers are counted, so a
/// changed script, a dropped table or a lost trigger (its document table recreated) all make the migration run it again.
/// </summary>
/// <param name="table">The unit's own table, which carries the script's hash.</param>
/// <param name="triggers">The triggers the script creates on other tables, as (qualified table, trigger name).</param>
/// <param name="names">Every other object the script creates, for Weasel's listings.</param>
public sealed class SqlSchemaUnit(
    string schema, string table, string create, string drop,
    IReadOnlyList<(string Table, string Trigger)> triggers, IReadOnlyList<string> names) : ISchemaObject
{
    private string Hash => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(create)))[..16];

    private string Expected => $"{Hash}|{triggers.Count}";

    public DbObjectName Identifier => Name(table);

    private DbObjectName Name(string name) => PostgresqlProvider.Instance.Parse(schema, name);

    public IEnumerable<DbObjectName> AllNames() => [Identifier, .. names.Select(Name)];

    public void WriteCreateStatement(Migrator migrator, TextWriter writer)
    {
        writer.WriteLine(create);
        writer.WriteLine($"comment on table {schema}.{table} is '{Hash}';");
    }

    public void WriteDropStatement(Migrator rules, TextWriter writer) => writer.WriteLine(drop);

    public void ConfigureQueryCommand(DbCommandBuilder builder)
    {
        var present = triggers.Count == 0
            ? "0"
            : $"(select count(*) from pg_trigger where {string.Join(" or ", triggers.Select(t => $"(tgrelid = to_regclass('{t.Table}') and tgname = '{t.Trigger}')"))})";
        builder.Append($"select coalesce(obj_description(to_regclass('{schema}.{table}'), 'pg_class'), '') || '|' || {present};");
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        var actual = await reader.ReadAsync(ct) ? reader.GetString(0) : "";
        var difference = actual == Expected ? SchemaPatchDifference.None
            : actual.StartsWith('|') ? SchemaPatchDifference.Create
            : SchemaPatchDifference.Update;
        return new SchemaObjectDelta(this, difference);
    }
}
