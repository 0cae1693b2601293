using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Arbiter.Server.Tests;

/// <summary>A minimal HTTP receiver for callbacks on a loopback port: answers 500 to the first
/// <c>failFirst</c> requests, then 200, and hands back the body it accepted.</summary>
internal sealed class HookListener : IDisposable
{
    private readonly TcpListener _listener;
    private int _requests;

    /// <summary>Listens on <paramref name="port"/> (0: a free one).</summary>
    public HookListener(int port = 0)
        : this(IPAddress.Loopback, port)
    {
    }

    /// <summary>Listens on <paramref name="address"/> (a loopback one), on a free port unless told.</summary>
    public HookListener(IPAddress address, int port = 0)
    {
        _listener = new TcpListener(address, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    public Uri Url => new($"http://{((IPEndPoint)_listener.LocalEndpoint).Address}:{Port}/hook");

    /// <summary>The method of the last request received (POST, PUT).</summary>
    public string? Method { get; private set; }

    /// <summary>Requests answered so far, failed ones included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A loopback port that nothing listens on at the moment of asking.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Serves until one request succeeds (after <paramref name="failFirst"/> failures;
    /// int.MaxValue: never) and returns its body.</summary>
    public async Task<string> ReceiveAsync(int failFirst, CancellationToken cancellationToken)
    {
        for (var request = 0; ; request++)
        {
            using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            using var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.UTF8);
            var length = 0;
            Method = (await reader.ReadLineAsync(cancellationToken))?.Split(' ')[0];
            while (await reader.ReadLineAsync(cancellationToken) is { Length: > 0 } header)
            {
                if (header.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(header[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            var buffer = new char[length];
            var read = 0;
            while (read < length)
            {
                read += await reader.ReadAsync(buffer.AsMemory(read), cancellationToken);
            }

            var status = request < failFirst ? "500 Internal Server Error" : "200 OK";
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), cancellationToken);
            Interlocked.Increment(ref _requests);
            if (request >= failFirst)
            {
                return new string(buffer);
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
