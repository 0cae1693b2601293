using System.Text.Json;
using System.Text.Json.Serialization;

namespace Arbiter.Server;

/// <summary>The service's JSON: camelCase, enums as names, the same as the CLI's --json.</summary>
internal static class ServerJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter());
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        return options;
    }
}
