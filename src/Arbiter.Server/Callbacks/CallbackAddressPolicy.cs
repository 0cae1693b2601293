using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Callbacks;

/// <summary>
/// Keeps callbacks off the service's own network (SSRF): a submitter names the URL, and the
/// worker, inside the cluster, would otherwise fetch it. The check runs where it cannot be
/// dodged — when the callback client opens a connection (<see cref="ConnectAsync"/>, the
/// handler's ConnectCallback), on the addresses DNS gave at that moment, for the first request
/// and every redirect alike — so neither a name that resolves inward, nor DNS rebinding, nor a
/// redirect to an inside address gets through. Refused unless allowed by
/// <see cref="CallbackOptions"/>: loopback, unspecified, "this network", link-local, private
/// (RFC 1918, IPv6 ULA and the old site-local), shared CGNAT space, multicast, reserved and
/// benchmarking ranges, IPv4 addresses written as IPv6 (checked as IPv4), and any configured
/// <see cref="CallbackOptions.BlockedRanges"/>.
/// </summary>
internal sealed class CallbackAddressPolicy
{
    private static readonly (IPNetwork Range, string Kind)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "shared (CGNAT)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.0.0.0/24"), "reserved"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("198.18.0.0/15"), "reserved"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fec0::/10"), "private"),
        (IPNetwork.Parse("fc00::/7"), "private"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    private readonly HashSet<string> _allowedHosts;
    private readonly IPNetwork[] _allowed;
    private readonly (IPNetwork Range, string Kind)[] _refused;

    public CallbackAddressPolicy(IOptions<CallbackOptions> options)
    {
        var settings = options.Value;
        _allowedHosts = new HashSet<string>(CallbackOptions.Entries(settings.AllowedHosts).Select(h => h.TrimEnd('.')), StringComparer.OrdinalIgnoreCase);
        _allowed = [.. CallbackOptions.Entries(settings.AllowedRanges).Select(Range)];
        _refused = [.. Refused, .. CallbackOptions.Entries(settings.BlockedRanges).Select(r => (Range(r), "configured as blocked"))];
    }

    /// <summary>Why a callback to <paramref name="address"/> (reached by the name
    /// <paramref name="host"/>) is refused, or null when it may go.</summary>
    public string? WhyRefused(string host, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (_allowedHosts.Contains(host.TrimEnd('.')))
        {
            return null;
        }

        var checkedAddress = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (_allowed.Any(r => r.Contains(checkedAddress)))
        {
            return null;
        }

        foreach (var (range, kind) in _refused)
        {
            if (range.Contains(checkedAddress))
            {
                return $"callback to '{host}' refused: {checkedAddress} is a {kind} address (allow it with {CallbackOptions.SectionName}:AllowedHosts or :AllowedRanges)";
            }
        }

        return null;
    }

    /// <summary>For a URL given at submission: why it is refused already, when its host is an
    /// address written out (names are resolved, and checked, only when the callback is made).</summary>
    public string? WhyRefused(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var host = url.Host.Trim('[', ']');
        return url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(host, out var literal) ? WhyRefused(host, literal) : null;
    }

    /// <summary>The callback client's ConnectCallback: resolves the host, drops every address
    /// the policy refuses, and connects to the first of the rest that answers.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        string? refusal = null;
        Exception? failure = null;
        foreach (var address in addresses)
        {
            if (WhyRefused(host, address) is { } why)
            {
                refusal ??= why;
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                failure = e;
            }
        }

        if (failure is not null)
        {
            throw new HttpRequestException($"cannot connect to '{host}': {failure.Message}", failure);
        }

        throw new HttpRequestException(refusal ?? $"'{host}' has no address");
    }

    private static IPNetwork Range(string text) =>
        CallbackOptions.TryParseRange(text, out var range)
            ? range
            : throw new OptionsValidationException(CallbackOptions.SectionName, typeof(CallbackOptions), [$"'{text}' is not an address range"]);
}
