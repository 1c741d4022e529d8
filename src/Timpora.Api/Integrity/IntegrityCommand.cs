using JasperFx.CommandLine;
using Marten;
using Spectre.Console;
using Timpora.Cases.Integrity;

namespace Timpora.Api.Integrity;

[Description("Re-verify the sealed history of every case, with a summary of any stream that no longer verifies", Name = "integrity")]
public sealed class IntegrityCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var verifier = host.Services.GetRequiredService<IntegrityVerifier>();
        IReadOnlyList<IntegrityReport> reports = [];

        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Verifying case histories");
                reports = await verifier.VerifyAllAsync((done, total) =>
                {
                    task.MaxValue = Math.Max(total, 1);
                    task.Value = done;
                }, CancellationToken.None);
                task.Value = task.MaxValue;
            });

        var broken = reports.Where(r => !r.Valid).ToList();
        AnsiConsole.MarkupLine($"Verified {reports.Count:N0} cases, {reports.Sum(r => r.Events):N0} events: "
                               + (broken.Count == 0 ? "[green]every history verifies.[/]" : $"[red]{broken.Count:N0} do not.[/]"));
        if (broken.Count == 0) return true;

        var table = new Table().AddColumns("Case", "First invalid version", "Problem");
        foreach (var report in broken)
            table.AddRow(report.StreamId.ToString(), report.FirstInvalidVersion?.ToString() ?? "", Markup.Escape(report.Problem ?? ""));
        AnsiConsole.Write(table);
        return false;
    }
}
