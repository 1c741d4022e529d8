using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx.Events.Projections;
using Marten;
using Timpora.Cases.ForeignNationals;
using Timpora.Cases.Integrity;
using Timpora.Cases.Listing;
using Timpora.Cases.Reviews;
using Timpora.Cases.Statistics;
using Timpora.Cases.Workload;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace Timpora.Cases;

/// <summary>How Timpora Cases is stored in PostgreSQL through Marten.</summary>
public static class CasesStore
{
    public const string Schema = "timpora";

    /// <summary>Event header keys: who did it (the actor) is recorded on every event.</summary>
    public static class Headers
    {
        public const string UserId = "userId";
        public const string Name = "name";
        public const string Agency = "agency";
        public const string Role = "role";
    }

    /// <summary>Every event type of a case stream: each implements <see cref="ICaseEvent"/>, so none is listed by hand.</summary>
    public static readonly IReadOnlyList<Type> EventTypes = typeof(ICaseEvent).Assembly.GetTypes()
        .Where(type => type is { IsClass: true, IsAbstract: false } && type.IsAssignableTo(typeof(ICaseEvent)))
        .OrderBy(type => type.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>The JSON shape of events and documents: camelCase names, enums as camelCase strings (as the API shows them).</summary>
    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.DictionaryKeyPolicy = null;
        // First in the list, ahead of any enum converter the serializer set up itself: the first that matches wins.
        json.Converters.Insert(0, new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }

    public static StoreOptions ConfigureCases(this StoreOptions options, IntegrityKeys integrityKeys)
    {
        options.DatabaseSchemaName = Schema;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, ConfigureJson);

        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.Events.MetadataConfig.CausationIdEnabled = true;
        options.Events.AddEventTypes(EventTypes);
        options.Listeners.Add(new EventSealer(integrityKeys));

        options.Projections.Snapshot<Case>(SnapshotLifecycle.Inline);
        options.ConfigureAgencyWorkload();
        options.Projections.Add<CaseFactsProjection>(ProjectionLifecycle.Async);
        options.Projections.Add<ForeignNationalProfileProjection>(ProjectionLifecycle.Async);
        options.ConfigureReviewQueue();
        // Projection failures (README, Reliability): an event a projection's code cannot apply is set aside as a dead letter
        // (mt_doc_deadletterevent) and the projection goes on; any other failure pauses the shard, which Wolverine restarts
        // when the cause is transient. /health/ready reports both, from the dead letters and the agent status that
        // extended progression tracking keeps in mt_event_progression (which also names the node running each shard).
        // The daemon looks for new events every 100 ms while they keep coming and every 250 ms when idle (Marten's
        // defaults, 250 ms and 1 s, put most of a second between a write and the views showing it).
        options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
        options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);
        options.Projections.Errors.SkipApplyErrors = true;
        options.Projections.RebuildErrors.SkipApplyErrors = false;
        options.Events.EnableExtendedProgressionTracking = true;
        // Single-stream projections (the case facts) are rebuilt one stream at a time.
        options.Events.UseOptimizedProjectionRebuilds = true;
        options.Schema.For<ForeignNationalProfile>()
            .Duplicate(p => p.PassportNumber)
            .Duplicate(p => p.Nationality)
            // A nationality's people in the order they are paged.
            .Index([p => p.Nationality, p => p.Id], index => index.Name = "mt_doc_foreignnationalprofile_idx_nationality_id");
        options.ConfigureCaseIndex();
        options.Storage.ExtendedSchemaObjects.Add(CaseNumberAllocator.Table());
        StatisticsRollups.Configure(options);
        return options;
    }
}
