using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Timpora.Bench;

/// <summary>
/// A real API (or the bare yardstick) as its own process, as it would run in production: <c>dotnet Timpora.Api.dll</c>
/// on a free loopback port, its output in bench/out/logs. Stopped with SIGTERM (a clean shutdown), killed only if that
/// does not finish in time.
/// </summary>
public sealed partial class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private bool _closed;
    private readonly Stopwatch _sinceStart;

    private ApiProcess(Process process, StreamWriter log, Stopwatch sinceStart, int port, string name)
    {
        _process = process;
        _log = log;
        _sinceStart = sinceStart;
        Port = port;
        Name = name;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public string Name { get; }
    public int Port { get; }
    public Uri BaseAddress { get; }
    public int Id => _process.Id;
    public TimeSpan SinceStart => _sinceStart.Elapsed;
    public bool HasExited => _process.HasExited;

    public static ApiProcess Start(string directory, string dll, string name, string logDir, IReadOnlyDictionary<string, string> environment,
        params string[] arguments)
    {
        Directory.CreateDirectory(logDir);
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            // The content root is the working folder: appsettings.json is found as in a deployment.
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(directory, dll));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["DOTNET_NOLOGO"] = "1";

        var log = new StreamWriter(Path.Combine(logDir, $"{name}.log"), append: true) { AutoFlush = true };
        var clock = Stopwatch.StartNew();
        var process = Children.Track(Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}."));
        var started = new ApiProcess(process, log, clock, port, name);
        process.OutputDataReceived += (_, e) => started.Received(e.Data);
        process.ErrorDataReceived += (_, e) => started.Received(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>When ASP.NET Core said it was listening: the end of host start-up, before any request.</summary>
    public TimeSpan? ListeningAfter { get; private set; }

    /// <summary>Each line stamped with the time since the process was started: the log doubles as a start-up timeline.</summary>
    private void Received(string? line)
    {
        if (line is null) return;
        var at = _sinceStart.Elapsed;
        if (ListeningAfter is null && line.Contains("Now listening on", StringComparison.Ordinal)) ListeningAfter = at;
        lock (_log)
        {
            if (!_closed) _log.WriteLine($"{at.TotalMilliseconds,8:F0} ms  {line}");
        }
    }

    /// <summary>A port nothing listens on now; the API binds it a moment later (loopback only).</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>An HTTP client for load: up to <paramref name="connections"/> keep-alive connections, no proxy.</summary>
    public HttpClient Client(int connections, string? token = null)
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            BaseAddress = BaseAddress,
            Timeout = Load.OperationTimeout,
        };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// Polls <paramref name="path"/> until it answers 2xx; the time is measured from the process start. Bounded by
    /// <paramref name="timeout"/>, and gives up at once if the process dies.
    /// </summary>
    public async Task<TimeSpan> WaitFor2xx(string path, TimeSpan timeout, string? token = null, Func<HttpRequestMessage>? request = null)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(1) })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var deadline = _sinceStart.Elapsed + timeout;
        string? last = null;
        while (_sinceStart.Elapsed < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before answering; see bench/out/logs/{Name}.log.");
            try
            {
                using var message = request?.Invoke() ?? new HttpRequestMessage(HttpMethod.Get, path);
                if (token is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await client.SendAsync(message);
                if (response.IsSuccessStatusCode) return _sinceStart.Elapsed;
                last = $"{(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            // Connection refused comes back at once; a short pause keeps the poll from eating the CPU the start-up needs.
            await Task.Delay(5);
        }

        throw new TimeoutException($"{Name} did not answer 2xx on {path} within {timeout.TotalSeconds:N0} s (last: {last}).");
    }

    /// <summary>The most resident memory the process has had so far (VmHWM), in KiB.</summary>
    public long PeakMemoryKb() => ReadStatus("VmHWM:");

    public long MemoryKb() => ReadStatus("VmRSS:");

    private long ReadStatus(string key)
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0], Report.Invariant);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private const int SigTerm = 15;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                Kill(_process.Id, SigTerm);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    await _process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            _process.Dispose();
            lock (_log)
            {
                _closed = true;
                _log.Dispose();
            }
        }
    }
}
