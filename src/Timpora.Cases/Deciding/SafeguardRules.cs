namespace Timpora.Cases.Deciding;

/// <summary>
/// What an administrative action must carry before it may be recorded: the legal basis, the written decision,
/// and the evidence that the person's rights were respected (DOMAIN.md, "Human-rights safeguards").
/// Every missing or refused item is named by the JSON path of the request field it concerns.
/// </summary>
public static class SafeguardRules
{
    /// <summary>Actions that need a written decision with a number (Law 6/2011 art. 76).</summary>
    public static readonly IReadOnlySet<ActionType> NeedWrittenDecision = new HashSet<ActionType>
    {
        ActionType.CekalListing, ActionType.StayPermitCancelled, ActionType.StayPermitRestricted,
        ActionType.StayPermitChanged, ActionType.PlaceBan, ActionType.ResidenceObligation,
        ActionType.Deportation, ActionType.Detention,
    };

    /// <summary>Actions that may be decided before the person's identity and permit were verified.</summary>
    public static readonly IReadOnlySet<ActionType> AllowedBeforeVerification = new HashSet<ActionType>
    {
        ActionType.Warning, ActionType.NoAction,
    };

    /// <summary>Periodic review of a detention: the first review is due no later than this after it starts.</summary>
    public static readonly TimeSpan MaximumDetentionReviewInterval = TimeSpan.FromDays(30);

    /// <summary>The language in which no interpreter question arises.</summary>
    public const string OfficialLanguage = "id";

    public const string FeeCurrency = "IDR";

    /// <summary>One row of "What a decision must carry": the action types it binds and what they must carry.</summary>
    public sealed record Requirement(string AppliesTo, string Requires);

    /// <summary>
    /// The rules <see cref="Check"/> applies, as API.md's table: built from the same sets and limits, so the
    /// documentation cannot name another list of types or another number of days than the check enforces.
    /// </summary>
    public static IReadOnlyList<Requirement> Table =>
    [
        new("every type", "`legalBasis` (at least one), `justification`; `decidedAt` (default now) never in the future"),
        new($"every type but {Code(ActionType.NoAction)}",
            $"`safeguards.informedInLanguage`; `safeguards.objectionRightNotified` = true; `safeguards.interpreterProvided` stated when the language is not `{OfficialLanguage}`"),
        new(string.Join(", ", NeedWrittenDecision.Select(Code)), "`decisionNumber` (a written decision)"),
        new(Code(ActionType.Deportation),
            "`safeguards.nonRefoulement` with `riskAssessed` = true, `destination`, `assessedBy`; `safeguards.consularAccess`; "
            + $"refused outright while `safeguards.vulnerabilities` holds {Code(Vulnerability.Refugee)} or {Code(Vulnerability.AsylumSeeker)}"),
        new(Code(ActionType.Detention),
            $"`detention.place`, `detention.startsAt`, `detention.reviewBy` no later than {MaximumDetentionReviewInterval.TotalDays:0} days after `startsAt`; "
            + $"at least one entry in `safeguards.alternativesConsidered`; `safeguards.consularAccess`; refused outright when `safeguards.vulnerabilities` holds {Code(Vulnerability.Child)}"),
        new(Code(ActionType.Fee), $"`fee.amount` > 0, `fee.currency` = `{FeeCurrency}`"),
        new("any type", $"`safeguards.consularAccess` = {Code(ConsularAccess.Notified)} needs `safeguards.consularNotifiedAt`"),
    ];

    /// <summary>The rules as Markdown, for the OpenAPI description of the endpoint that records decisions.</summary>
    public static string Describe()
    {
        var text = new System.Text.StringBuilder()
            .Append("Records an administrative action (Tindakan Administratif Keimigrasian) or the decision to take none. ")
            .Append($"Only a verified case may receive an action other than {string.Join(" or ", AllowedBeforeVerification.Select(Code))} (else 409). ")
            .Append("A decision lacking what the safeguards require is a 422 whose `errors` names the JSON path of every missing or refused item.\n\n")
            .Append("| type | requires |\n|---|---|\n");
        foreach (var requirement in Table) text.Append($"| {requirement.AppliesTo} | {requirement.Requires} |\n");
        return text.ToString();
    }

    private static string Code<T>(T value) where T : struct, Enum =>
        $"`{System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString())}`";

    public static IReadOnlyDictionary<string, string[]> Check(DecideAction command, DateTimeOffset decidedAt, DateTimeOffset now)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string path, string message)
        {
            if (!errors.TryGetValue(path, out var messages)) errors[path] = messages = [];
            messages.Add(message);
        }

        var safeguards = command.Safeguards;

        if (command.LegalBasis.Count == 0 || command.LegalBasis.Any(string.IsNullOrWhiteSpace))
            Add("legalBasis", "At least one legal basis (the article the decision rests on) is required.");
        if (string.IsNullOrWhiteSpace(command.Justification))
            Add("justification", "The facts and reasons of the decision are required.");
        if (decidedAt > now)
            Add("decidedAt", "The written decision cannot be dated in the future.");

        if (command.Type != ActionType.NoAction)
        {
            if (string.IsNullOrWhiteSpace(safeguards.InformedInLanguage))
                Add("safeguards.informedInLanguage", "State the language in which the person was informed of the decision.");
            else if (!string.Equals(safeguards.InformedInLanguage, OfficialLanguage, StringComparison.OrdinalIgnoreCase)
                     && safeguards.InterpreterProvided is null)
                Add("safeguards.interpreterProvided", "State whether an interpreter was provided: the person was not informed in Indonesian.");
            if (!safeguards.ObjectionRightNotified)
                Add("safeguards.objectionRightNotified", "The person must be told of the right to object and its deadline.");
        }

        if (NeedWrittenDecision.Contains(command.Type) && string.IsNullOrWhiteSpace(command.DecisionNumber))
            Add("decisionNumber", "This action needs a written decision: give its number.");

        if (safeguards.ConsularAccess == ConsularAccess.Notified && safeguards.ConsularNotifiedAt is null)
            Add("safeguards.consularNotifiedAt", "Say when the consulate was notified.");

        switch (command.Type)
        {
            case ActionType.Deportation:
                var assessment = safeguards.NonRefoulement;
                if (assessment is null)
                    Add("safeguards.nonRefoulement", "A removal needs a non-refoulement assessment: destination, risk assessed, by whom.");
                else
                {
                    if (!assessment.RiskAssessed)
                        Add("safeguards.nonRefoulement.riskAssessed", "The risk at the destination must have been assessed.");
                    if (string.IsNullOrWhiteSpace(assessment.Destination))
                        Add("safeguards.nonRefoulement.destination", "Name the destination of the removal.");
                    if (string.IsNullOrWhiteSpace(assessment.AssessedBy))
                        Add("safeguards.nonRefoulement.assessedBy", "Name who assessed the risk.");
                }

                if (safeguards.ConsularAccess is null)
                    Add("safeguards.consularAccess", "Record consular access: notified, declined or not applicable.");
                if (safeguards.Vulnerabilities.Contains(Vulnerability.Refugee) || safeguards.Vulnerabilities.Contains(Vulnerability.AsylumSeeker))
                    Add("safeguards.vulnerabilities", "A refugee or asylum seeker is not deported while that status stands (non-refoulement).");
                break;

            case ActionType.Detention:
                var detention = command.Detention;
                if (string.IsNullOrWhiteSpace(detention?.Place))
                    Add("detention.place", "Name the place of detention.");
                if (detention?.StartsAt is null)
                    Add("detention.startsAt", "Give the start of the detention.");
                if (detention?.ReviewBy is null)
                    Add("detention.reviewBy", "Give the date by which the detention is reviewed.");
                else if (detention.StartsAt is { } startsAt
                         && (detention.ReviewBy < startsAt || detention.ReviewBy > startsAt + MaximumDetentionReviewInterval))
                    Add("detention.reviewBy", "The detention must be reviewed within 30 days of its start.");
                if (safeguards.AlternativesConsidered.Count == 0)
                    Add("safeguards.alternativesConsidered", "Detention is the last resort: record the milder measures considered and why each was rejected.");
                if (safeguards.ConsularAccess is null)
                    Add("safeguards.consularAccess", "Record consular access: notified, declined or not applicable.");
                if (safeguards.Vulnerabilities.Contains(Vulnerability.Child))
                    Add("safeguards.vulnerabilities", "A child is never detained for migration status.");
                break;

            case ActionType.Fee:
                if (command.Fee is null || command.Fee.Amount <= 0)
                    Add("fee.amount", "The fee must be a positive amount.");
                if (command.Fee is null || !string.Equals(command.Fee.Currency, FeeCurrency, StringComparison.Ordinal))
                    Add("fee.currency", "The fee is charged in IDR.");
                break;
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }
}
