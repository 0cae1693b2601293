using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Arbiter.Server.Callbacks;

/// <summary>
/// Where callbacks may go. Bound from the "Callbacks" section; lists are indexed
/// (<c>ARBITER__CALLBACKS__ALLOWEDRANGES__0=10.1.2.0/24</c>), and an entry may also hold several
/// values separated by commas. By default a callback may not reach loopback, link-local,
/// private, shared (CGNAT), multicast, reserved or unspecified addresses (see
/// <see cref="CallbackAddressPolicy"/>); these settings let named hosts or ranges through, or
/// refuse more (the cluster's own pod and service ranges when they are public addresses).
/// Checked at start: a range that does not parse stops the server.
/// </summary>
public sealed class CallbackOptions : IValidatableObject
{
    public const string SectionName = "Callbacks";

    /// <summary>Host names a callback may reach whatever they resolve to (exact, any case), e.g. a
    /// grade-book service inside the cluster. Empty by default.</summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>Address ranges (CIDR, "10.1.2.0/24" or a single address) a callback may reach even
    /// though they are refused by default. Empty by default.</summary>
    public IList<string> AllowedRanges { get; } = [];

    /// <summary>More ranges to refuse beyond the defaults (CIDR). Empty by default.</summary>
    public IList<string> BlockedRanges { get; } = [];

    /// <summary>The entries of a list, with comma-separated ones split and blanks dropped.</summary>
    public static IEnumerable<string> Entries(IEnumerable<string> list) =>
        list.SelectMany(e => (e ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>A CIDR range, or a single address as a range of one.</summary>
    public static bool TryParseRange(string text, out IPNetwork range)
    {
        if (IPNetwork.TryParse(text, out range))
        {
            return true;
        }

        if (IPAddress.TryParse(text, out var single))
        {
            range = new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, list) in new[] { (nameof(AllowedRanges), AllowedRanges), (nameof(BlockedRanges), BlockedRanges) })
        {
            foreach (var entry in Entries(list).Where(e => !TryParseRange(e, out _)))
            {
                yield return new ValidationResult($"{SectionName}:{name}: '{entry}' is not an address range (CIDR, such as 10.1.2.0/24 or fd00::/8)", [name]);
            }
        }

        foreach (var entry in Entries(AllowedHosts).Where(e => Uri.CheckHostName(e) is UriHostNameType.Unknown or UriHostNameType.Basic))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(AllowedHosts)}: '{entry}' is not a host name", [nameof(AllowedHosts)]);
        }
    }
}
