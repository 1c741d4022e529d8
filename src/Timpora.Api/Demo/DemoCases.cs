using Marten;
using Marten.Schema;

namespace Timpora.Api.Demo;

public sealed class DemoCases : IInitialData
{
    public Task Populate(IDocumentStore store, CancellationToken cancellation) => Task.CompletedTask;
}
