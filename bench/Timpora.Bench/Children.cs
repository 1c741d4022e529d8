using System.Collections.Concurrent;
using System.Diagnostics;

namespace Timpora.Bench;

/// <summary>
/// Every process the run starts (API instances, seed commands). If the run is interrupted (Ctrl-C, SIGTERM from
/// with-postgres.sh) they are killed with it: an orphaned API would otherwise keep a loopback port and poll a database
/// that is being removed.
/// </summary>
public static class Children
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    static Children() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    public static Process Track(Process process)
    {
        Running[process.Id] = process;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => Running.TryRemove(process.Id, out _);
        return process;
    }

    private static void KillAll()
    {
        foreach (var process in Running.Values)
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}
