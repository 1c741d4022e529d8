using Timpora.Faults;

// The client of scripts/faults: each command does one step of a fault scenario and exits non-zero when what it
// checks does not hold. Every loop in it is bounded in count and in time.
return args.FirstOrDefault() switch
{
    "load" => await Load.RunAsync(Options.Parse(args[1..])),
    "verify" => await Verify.RunAsync(Options.Parse(args[1..])),
    "wait-projections" => await Cluster.WaitForProjectionsAsync(Options.Parse(args[1..])),
    "assignments" => await Cluster.AssignmentsAsync(Options.Parse(args[1..])),
    "nodes" => await Cluster.PrintNodesAsync(Options.Parse(args[1..])),
    "probe" => await Probe.RunAsync(Options.Parse(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Timpora.Faults <command> [--name value ...]
          load              --api URL[,URL...] --seconds 40 --writers 8 --acks FILE [--max-requests 20000]
          verify            --db CONNSTR --acks FILE
          wait-projections  --db CONNSTR [--seconds 90] [--shards 4]
          assignments       --db CONNSTR [--on-node GUID] [--not-node GUID] [--seconds 120] [--shards 4]
          nodes             --db CONNSTR   (live node ids, the node holding most projection shards first)
          probe             --api URL --seconds 30 --out FILE   (one write and one readiness probe every 250 ms)
        """);
    return 2;
}
