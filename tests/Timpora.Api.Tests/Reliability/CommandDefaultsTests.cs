using FluentAssertions;
using Timpora.Api.Infrastructure;
using Xunit;

namespace Timpora.Api.Tests.Reliability;

public sealed class CommandDefaultsTests
{
    [Fact]
    public void a_rebuild_is_not_cut_off_after_the_commands_five_minutes()
    {
        CommandDefaults.WithDefaults(["projections", "rebuild"])
            .Should().Equal("projections", "rebuild", "--shard-timeout", CommandDefaults.RebuildShardTimeout);
        CommandDefaults.WithDefaults(["projections", "rebuild", "--projection", "Case"])
            .Should().EndWith(["--shard-timeout", CommandDefaults.RebuildShardTimeout]);
    }

    [Theory]
    [InlineData("projections", "rebuild", "--shard-timeout", "30m")]
    [InlineData("projections", "rebuild", "-t", "30m")]
    [InlineData("projections", "rebuild", "--shard-timeout=30m")]
    [InlineData("db-apply")]
    [InlineData("seed", "--cases", "10")]
    public void an_operators_own_bound_and_other_commands_are_left_as_given(params string[] args) =>
        CommandDefaults.WithDefaults(args).Should().Equal(args);

    [Fact]
    public void serving_is_left_as_given() => CommandDefaults.WithDefaults([]).Should().BeEmpty();
}
