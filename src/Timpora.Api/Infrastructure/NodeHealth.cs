using Wolverine;

namespace Timpora.Api.Infrastructure;

/// <summary>
/// How fast the nodes sharing a database notice each other, which decides how soon a new node's projections start and
/// how soon a dead node's projections move (API.md: within 2 s of a start, within 10 s of a death). Wolverine's defaults
/// (a heartbeat every 10 s, a node stale after a minute) moved them after about a minute.
/// <list type="bullet">
/// <item>Every node writes its heartbeat every <c>Nodes:HeartbeatSeconds</c> (1): one small update a second per node.</item>
/// <item>A node silent for <c>Nodes:StaleAfterSeconds</c> (5), on two health checks in a row, is taken for dead and its
/// projections are given to the others. A node stalled longer than that (a long pause of the process, a network cut to
/// the database) loses its projections too; it takes them back through the next assignment, and a projection never runs
/// on two nodes at once (each holds its lock in PostgreSQL).</item>
/// <item>The leader looks at the assignments every second, from the start.</item>
/// </list>
/// </summary>
public static class NodeHealth
{
    public static void Configure(DurabilitySettings durability, IConfiguration configuration)
    {
        var heartbeat = TimeSpan.FromSeconds(Math.Max(0.2, configuration.GetValue("Nodes:HeartbeatSeconds", 1.0)));
        durability.FirstHealthCheckExecution = TimeSpan.FromMilliseconds(200);
        durability.HealthCheckPollingTime = heartbeat;
        durability.StaleNodeTimeout = TimeSpan.FromSeconds(Math.Max(2 * heartbeat.TotalSeconds, configuration.GetValue("Nodes:StaleAfterSeconds", 5.0)));
        durability.FirstNodeReassignmentExecution = TimeSpan.Zero;
        durability.NodeReassignmentPollingTime = heartbeat;
        durability.CheckAssignmentPeriod = TimeSpan.FromSeconds(5);
    }
}
