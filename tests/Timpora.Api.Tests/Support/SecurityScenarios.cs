using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Alba;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Timpora.Api.Security;
using Wolverine;

namespace Timpora.Api.Tests.Support;

/// <summary>Requests with tokens of one's own making, and application hosts configured apart from the shared one.</summary>
public static class SecurityScenarios
{
    /// <summary>Sends a request with exactly this bearer token (or none) and whatever headers the test adds; any answer comes back.</summary>
    public static async Task<Reply> SendWithToken(this IAlbaHost host, string? token, string method, string url, string? json = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var result = await host.Scenario(s =>
        {
            switch (method)
            {
                case "GET": s.Get.Url(url); break;
                case "POST": s.Post.RawJson(json ?? "{}").ToUrl(url); break;
                case "PUT": s.Put.RawJson(json ?? "{}").ToUrl(url); break;
                case "PATCH": s.Patch.RawJson(json ?? "{}").ToUrl(url); break;
                case "DELETE": s.Delete.Url(url); break;
                default: throw new ArgumentOutOfRangeException(nameof(method), method, "No scenario for this method.");
            }

            if (token is not null) s.WithRequestHeader("Authorization", $"Bearer {token}");
            foreach (var (name, value) in headers ?? new Dictionary<string, string>()) s.WithRequestHeader(name, value);
            s.IgnoreStatusCode();
        });
        var response = result.Context.Response;
        return new Reply(response.StatusCode, response.ContentType, response.Headers, await result.ReadAsTextAsync());
    }

    public static Task<Reply> SendAs(this IAlbaHost host, User? user, string method, string url, string? json = null,
        IReadOnlyDictionary<string, string>? headers = null) =>
        host.SendWithToken(user?.TokenFor(host.Auth()), method, url, json, headers);

    /// <summary>
    /// A JWT with the given header and claims, signed with HS256 under <paramref name="key"/>, or unsigned (an empty
    /// signature) when there is no key, as an attacker writes an <c>alg: none</c> token.
    /// </summary>
    public static string HandMadeToken(object header, object claims, string? key)
    {
        var signingInput = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        if (key is null) return signingInput + ".";
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(key));
        return signingInput + "." + Base64Url(hmac.ComputeHash(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>The claims a valid token of <paramref name="user"/> carries, valid from a minute ago for an hour.</summary>
    public static Dictionary<string, object> ClaimsOf(User user, AuthOptions auth)
    {
        var now = DateTimeOffset.UtcNow;
        return new Dictionary<string, object>
        {
            ["sub"] = user.UserId,
            ["name"] = user.Name,
            ["agency"] = user.Agency,
            ["role"] = user.Roles,
            ["iss"] = auth.Issuer,
            ["aud"] = auth.Audience,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// The real application on a database of its own (created afresh), so its async daemon never competes with the
    /// shared host's, and configuration of its own (<paramref name="settings"/>, e.g. a small rate limit).
    /// </summary>
    public static async Task<IAlbaHost> StartSeparateHost(string database, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var shared = Environment.GetEnvironmentVariable("ConnectionStrings__Timpora")
                     ?? throw new InvalidOperationException("Run the tests with scripts/test.sh, which starts PostgreSQL and sets ConnectionStrings__Timpora.");
        await using (var admin = new NpgsqlConnection(shared))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {database} with (force)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"create database {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var own = new NpgsqlConnectionStringBuilder(shared) { Database = database }.ConnectionString;
        var configuration = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:Timpora"] = own,
        };

        JasperFxEnvironment.AutoStartHost = true;
        var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("Demo:Seed", "false");
            builder.UseSetting("Projections:Daemon", "Solo");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(configuration));
            builder.ConfigureServices(collection =>
            {
                collection.RunWolverineInSoloMode();
                collection.DisableAllExternalWolverineTransports();
                services?.Invoke(collection);
            });
        });

        var used = host.Services.GetRequiredService<IConfiguration>().GetConnectionString("Timpora");
        if (used != own)
        {
            await host.DisposeAsync();
            throw new InvalidOperationException($"The separate host would have used the shared database instead of {database}.");
        }

        return host;
    }
}

/// <summary>Everything the application logs, as the configured filters let it through, with scopes and exceptions written out.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Entries => _entries.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(string category, CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => logs._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var entry = new StringBuilder($"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                foreach (var (key, value) in values) entry.Append(" | ").Append(key).Append('=').Append(value);
            logs._scopes.ForEachScope((scope, text) =>
            {
                text.Append(" | scope ").Append(scope);
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    foreach (var (key, value) in pairs) text.Append(' ').Append(key).Append('=').Append(value);
            }, entry);
            if (exception is not null) entry.AppendLine().Append(exception);
            logs._entries.Enqueue(entry.ToString());
        }
    }
}
