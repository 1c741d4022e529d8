namespace Timpora.Cases.Tests.Given;

public static class People
{
    public static readonly Actor VillageReporter = new("usr-andi-pemdes", "Andi Mappanyukki", "PEMDES", Roles.Reporter);
    public static readonly Actor Investigator = new("usr-rahmat", "Rahmat Hidayat", Agencies.Immigration, Roles.Investigator);
    public static readonly Actor Supervisor = new("usr-nurul", "Nurul Hasanah", Agencies.Immigration, Roles.Supervisor);
    public static readonly Actor Auditor = new("usr-sri", "Sri Wahyuni", Agencies.Immigration, Roles.Auditor);
    public static readonly Actor ManpowerOfficer = new("usr-budi-disnaker", "Budi Santoso", "DISNAKER", Roles.AgencyOfficer);
    public static readonly Actor PoliceOfficer = new("usr-arifin-polri", "Arifin Lapadi", "POLRI", Roles.AgencyOfficer);
    public static readonly Actor MunicipalPoliceReporter = new("usr-irwan-satpolpp", "Irwan Syam", "SATPOLPP", Roles.Reporter);
}
