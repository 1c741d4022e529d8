namespace Timpora.Cases.Tests.Given;

public static class Sightings
{
    public static readonly Location LembaInSoppeng =
        new("Sulawesi Selatan", "Soppeng", "Lalabata", "Lemba", -4.35, 119.88);

    public static readonly Location PortOfParepare =
        new("Sulawesi Selatan", "Parepare", "Soreang", "Ujung Lare", -4.01, 119.62);

    public static readonly Location PowerPlantInBarru =
        new("Sulawesi Selatan", "Barru", "Tanete Rilau", "Lasitae", -4.43, 119.60);

    public static readonly Location WindFarmInSidrap =
        new("Sulawesi Selatan", "Sidenreng Rappang", "Watang Pulu", "Mattirotasi", -3.99, 119.70);

    public static readonly SubjectDescription ChineseWorker =
        new(null, "CHN", null, Sex.Male, 35, "Short, grey work uniform, speaks no Indonesian");

    public static readonly SubjectDescription MalaysianTrader =
        new("Ahmad Faizal bin Hamzah", "MYS", "A41237789", Sex.Male, 42, "Buys cocoa from farmers, drives a white pickup");

    /// <summary>A Chinese national seen working on a construction site in Soppeng: the case most tests start from.</summary>
    public static readonly Sighting ConstructionWorkerInSoppeng = new(
        Office.At(2025, 7, 9, 8, 30), LembaInSoppeng, ChineseWorker, "working at a construction site", ReportingChannel.FieldTeam);

    public static readonly Sighting TraderAtParepare = new(
        Office.At(2025, 7, 3, 16, 45), PortOfParepare, MalaysianTrader, "trading cocoa beans at the port", ReportingChannel.Apoa);

    public static readonly Sighting WelderInBarru = new(
        Office.At(2025, 7, 11, 7, 10), PowerPlantInBarru, ChineseWorker with { Description = "Welding at the coal power plant" },
        "welding", ReportingChannel.AgencyReferral);

    public static readonly Sighting TechnicianInSidrap = new(
        Office.At(2025, 7, 12, 13, 0), WindFarmInSidrap, ChineseWorker with { ApproximateAge = 28 },
        "servicing a wind turbine", ReportingChannel.CoordinationGroup);
}
