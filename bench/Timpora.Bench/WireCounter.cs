using System.Net;
using System.Net.Sockets;

namespace Timpora.Bench;

/// <summary>
/// A loopback TCP relay in front of PostgreSQL that counts round trips as the wire sees them: a round trip starts each
/// time a client sends after having received (or sends first on a new connection). Unlike a count of commands it also
/// sees what no command shows — a transaction's COMMIT, a connection's start-up — and it needs nothing from the
/// program under test but a port in its connection string. It adds latency, so only round-trip counts are taken through it.
/// </summary>
public sealed class WireCounter : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private long _roundTrips;

    public WireCounter(string host, int port)
    {
        _host = host;
        _port = port;
        _listener.Start();
        _accepting = Accept();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    private async Task Accept()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Relay(client);
        }
    }

    private async Task Relay(TcpClient client)
    {
        using var server = new TcpClient { NoDelay = true };
        client.NoDelay = true;
        lock (_open) _open.AddRange([client, server]);
        try
        {
            await server.ConnectAsync(_host, _port, _stop.Token);
            var turn = new Turn();
            var up = Pump(client.GetStream(), server.GetStream(), turn, fromClient: true);
            var down = Pump(server.GetStream(), client.GetStream(), turn, fromClient: false);
            await Task.WhenAny(up, down);
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Whose turn it was last on one connection: a client send after the server spoke begins a round trip.</summary>
    private sealed class Turn
    {
        public bool ServerSpokeLast = true;
    }

    private async Task Pump(NetworkStream from, NetworkStream to, Turn turn, bool fromClient)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0) return;
                if (fromClient)
                {
                    if (turn.ServerSpokeLast)
                    {
                        Interlocked.Increment(ref _roundTrips);
                        turn.ServerSpokeLast = false;
                    }
                }
                else
                {
                    turn.ServerSpokeLast = true;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_open)
        {
            foreach (var c in _open) c.Dispose();
        }

        await _accepting;
        _stop.Dispose();
    }
}
