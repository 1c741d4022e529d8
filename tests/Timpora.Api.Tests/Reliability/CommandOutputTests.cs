using Timpora.Api.Infrastructure;

namespace Timpora.Api.Tests.Reliability;

public sealed class CommandOutputTests
{
    [Fact]
    public void the_projections_commands_stray_lines_are_left_out_and_its_last_line_rendered()
    {
        var written = new StringWriter();
        using (var output = new CommandOutput(written))
        {
            output.WriteLine("\u001b[33mCannot override services when the IHost is already constructed\u001b[0m");
            output.WriteLine("Press CTRL + C to quit");
            output.WriteLine("Starting to rebuild projections Case, CaseFacts in Main");
            output.Write("Case:All: 4");
            output.Flush();
            written.ToString().Should().EndWith("Case:All: 4", "progress shows as it is written, before its line ends");
            output.WriteLine("2%");
            output.WriteLine("Press CTRL + C to quit now");
            output.WriteLine("[purple]Finished rebuild in 2171 ms[/]");
        }

        written.ToString().ReplaceLineEndings("\n").Should().Be(
            "Starting to rebuild projections Case, CaseFacts in Main\nCase:All: 42%\nPress CTRL + C to quit now\nFinished rebuild in 2171 ms\n");
    }
}
